import GateKitCore

/// The conformance suite for gate authors: one call runs every check a gate's backward
/// pass must pass, and returns a report for any test framework to assert on.
///
/// The checks: (1) `gradients` — input and parameter Jacobians against finite differences
/// in `Double` (``GradientChecker``), at the example inputs, at batch 1 and an odd batch,
/// with a broadcast operand where the gate accepts one, each at ``draws`` random draws;
/// (2) `shapes` — one gradient per input, each of its input's shape, and parameter
/// gradients of their values' shapes; (3) `linearity` — backward is linear in the upstream
/// gradient; (4) `accumulation` — parameter gradients add up over two backward calls and
/// `zeroGradients()` resets them; (5) `repeated backward` — a second backward call returns
/// the same input gradients; (6) `backward before forward` — a thrown error, not a crash;
/// (7) `stale cache` — forward at one point, forward at another, backward equals a fresh
/// forward and backward at the second; (8) `value semantics` — a copy's forward pass does
/// not change the original's backward; (9) `determinism` — repeated passes give the same
/// bits; (10) `parameters visited` — an instance loaded with another's parameters (through
/// `visitParameters`) computes the same outputs and gradients, so a parameter the walk
/// misses shows (give the suite a seeded factory so that the two start different);
/// (11) `Float agrees` — a `Float` instance with the same parameters gives the same output
/// and gradients within ``floatTolerance``.
///
/// Inside a composition, a check that fails is run again on every gate inside, with the
/// inputs it received, and the report names the gates that fail it on their own
/// (``ConformanceReport/Check/gates``).
///
/// ```swift
/// @Test func softplusConforms() throws {
///   let report = try GateConformance().check(
///     { Softplus<Double>() }, float: { Softplus<Float>() }, inputs: [.normal([4, 3])])
///   #expect(report.passed)
/// }
/// ```
///
/// A factory that returns an existential (`any Layer<Double>`, `any Gate<Double>`) works as
/// well, and a seeded factory draws each instance's parameters from a generator:
///
/// ```swift
/// let report = try GateConformance().check(
///   seeded: { generator in try Dense<Double>(4, 3, using: &generator) },
///   inputs: [.normal([5, 4])])
/// ```
public struct GateConformance: Sendable {
  /// The gradient checker used for the Jacobians (its seed also seeds the inputs).
  public var checker: GradientChecker
  /// The largest scale-aware difference `|f − d| / max(1, |d|)` between the `Float` and
  /// the `Double` instance's outputs and gradients.
  public var floatTolerance: Double
  /// The random draws of the inputs the gradients are checked at, per shape (at least 1).
  public var draws: Int

  /// A suite with the given checker, `Float` tolerance and number of draws.
  ///
  /// - Parameters:
  ///   - checker: The gradient checker (default: `Double` settings, seed 1).
  ///   - floatTolerance: The tolerance of the `Float` comparison (default `1e-4`).
  ///   - draws: The random draws per input shape of the gradient check (default 2).
  public init(
    checker: GradientChecker = GradientChecker(seed: 1), floatTolerance: Double = 1e-4,
    draws: Int = 2
  ) {
    self.checker = checker
    self.floatTolerance = floatTolerance
    self.draws = Swift.max(1, draws)
  }

  // MARK: Factories of concrete gates

  /// Runs every check on fresh gates from `makeDouble`, and compares with `makeFloat`.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance (called several times; the
  ///     instances may differ in their random parameters).
  ///   - makeFloat: Makes a fresh `Float` instance of the same architecture; the
  ///     `Double` instance's parameters are copied into it.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factories or the gate's forward pass throw at the example inputs.
  public func check<D: Gate<Double>, F: Gate<Float>>(
    _ makeDouble: () throws -> D, float makeFloat: () throws -> F, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ _ in try makeDouble() }, seeded: false, float: { try makeFloat() }, inputs: inputs)
  }

  /// Runs every check except the `Float` comparison.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factory or the gate's forward pass throw at the example inputs.
  public func check<D: Gate<Double>>(
    _ makeDouble: () throws -> D, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ _ in try makeDouble() }, seeded: false, float: { nil }, inputs: inputs)
  }

  /// Runs every check on instances drawn from a seeded factory (each instance from its own
  /// seed, so that the `parameters visited` check starts from different values), and
  /// compares with `makeFloat`.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance, drawing its parameters from the
  ///     generator.
  ///   - makeFloat: Makes a fresh `Float` instance of the same architecture.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factories or the gate's forward pass throw at the example inputs.
  public func check<D: Gate<Double>, F: Gate<Float>>(
    seeded makeDouble: (inout SeededGenerator) throws -> D, float makeFloat: () throws -> F,
    inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ try makeDouble(&$0) }, seeded: true, float: { try makeFloat() }, inputs: inputs)
  }

  /// Runs every check but the `Float` comparison on instances from a seeded factory.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance, drawing its parameters from the
  ///     generator.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factory or the gate's forward pass throw at the example inputs.
  public func check<D: Gate<Double>>(
    seeded makeDouble: (inout SeededGenerator) throws -> D, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ try makeDouble(&$0) }, seeded: true, float: { nil }, inputs: inputs)
  }

  // MARK: Factories of existentials

  /// Runs every check on gates from a factory that returns an existential, such as a
  /// model built at run time as `any Layer<Double>`, and compares with `makeFloat`.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance.
  ///   - makeFloat: Makes a fresh `Float` instance of the same architecture.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factories or the gate's forward pass throw at the example inputs.
  public func check(
    _ makeDouble: () throws -> any Gate<Double>, float makeFloat: () throws -> any Gate<Float>,
    inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ _ in try makeDouble() }, seeded: false, float: makeFloat, inputs: inputs)
  }

  /// Runs every check but the `Float` comparison on gates from a factory that returns an
  /// existential.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factory or the gate's forward pass throw at the example inputs.
  public func check(
    _ makeDouble: () throws -> any Gate<Double>, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run({ _ in try makeDouble() }, seeded: false, float: { nil }, inputs: inputs)
  }

  /// Runs every check on instances of an existential from a seeded factory, and compares
  /// with `makeFloat`.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance, drawing its parameters from the
  ///     generator.
  ///   - makeFloat: Makes a fresh `Float` instance of the same architecture.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factories or the gate's forward pass throw at the example inputs.
  public func check(
    seeded makeDouble: (inout SeededGenerator) throws -> any Gate<Double>,
    float makeFloat: () throws -> any Gate<Float>, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run(makeDouble, seeded: true, float: makeFloat, inputs: inputs)
  }

  /// Runs every check but the `Float` comparison on instances of an existential from a
  /// seeded factory.
  ///
  /// - Parameters:
  ///   - makeDouble: Makes a fresh `Double` instance, drawing its parameters from the
  ///     generator.
  ///   - inputs: The example inputs.
  /// - Returns: The report.
  /// - Throws: What the factory or the gate's forward pass throw at the example inputs.
  public func check(
    seeded makeDouble: (inout SeededGenerator) throws -> any Gate<Double>, inputs: [ExampleInput]
  ) throws -> ConformanceReport {
    try run(makeDouble, seeded: true, float: { nil }, inputs: inputs)
  }

  // MARK: The run

  private func run(
    _ make: (inout SeededGenerator) throws -> any Gate<Double>, seeded: Bool,
    float makeFloat: () throws -> (any Gate<Float>)?, inputs examples: [ExampleInput]
  ) throws -> ConformanceReport {
    var generator = SeededGenerator(seed: checker.seed &+ 101)
    let gate = try make(&generator)
    let points = try ExampleInput.points(examples, draws: draws, seed: checker.seed)
    let x = points[0].values
    let constants = Set(examples.indices.filter { !examples[$0].isDifferentiable })
    var (gradients, probed) = try gradientCheck(gate, points: points, constants: constants)
    // Shapes the gate rejects are skipped (an element-wise gate takes any batch; a loss may
    // not take a broadcast target).
    probed = probed.isEmpty ? "the example inputs" : probed
    var checks = [
      ConformanceReport.Check(
        name: "gradients", passed: gradients.passed,
        detail: gradients.passed
          ? "max error \(formatError(gradients.maxError)) ≤ \(checker.tolerance); probed at \(probed)"
          : "\(gradients.diagnosis) (probed at \(probed))",
        gates: gradients.blamedGates)
    ]
    let alternative = try ExampleInput.points(examples, draws: 2, seed: checker.seed &+ 7)[1]
      .values
    let contracts: [(String, Contract)] = [
      ("shapes", shapes), ("linearity", linearity), ("accumulation", accumulation),
      ("repeated backward", repeatedBackward),
    ]
    for (name, contract) in contracts {
      checks.append(localized(name, contract, gate, points: [x]))
    }
    checks.append(backwardBeforeForward(try make(&generator)))
    checks.append(localized("stale cache", staleCache, gate, points: [alternative, x]))
    checks.append(localized("value semantics", valueSemantics, gate, points: [x, alternative]))
    checks.append(localized("determinism", determinism, gate, points: [x]))
    checks.append(
      parametersVisited(gate, fresh: try make(&generator), seeded: seeded, at: x))
    if let float = try makeFloat() {
      checks.append(floatAgreement(gate, float, at: x, constants: constants))
    }
    return ConformanceReport(subject: gate.description, checks: checks, gradients: gradients)
  }

  /// The gradient check at every point; the report of the first that does not pass (or
  /// of the first point), and the points' description.
  private func gradientCheck(
    _ gate: any Gate<Double>, points: [ExampleInput.Point], constants: Set<Int>
  ) throws -> (GradientCheckReport, String) {
    var first: GradientCheckReport?
    var probed: [String: Int] = [:]
    var order: [String] = []
    for (index, point) in points.enumerated() {
      var copy = gate
      if index > 0, (try? copy.forward(inputs: point.values)) == nil { continue }
      var pointChecker = checker
      pointChecker.seed = checker.seed &+ UInt64(index)
      let report = try pointChecker.check(gate, inputs: point.values, constantInputs: constants)
      if probed.updateValue((probed[point.label] ?? 0) + 1, forKey: point.label) == nil {
        order.append(point.label)
      }
      if first == nil || (first!.passed && !report.passed) { first = report }
    }
    let description = order.map { "\($0) ×\(probed[$0]!)" }.joined(separator: ", ")
    return (first!, description)
  }
}
