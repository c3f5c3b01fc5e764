import GateKitCore

/// The conformance suite for gate authors: one call runs every check a gate's backward
/// pass must pass, and returns a report for any test framework to assert on.
///
/// The checks: (1) `gradients` — input and parameter Jacobians against finite differences
/// in `Double` (``GradientChecker``); (2) `shapes` — one gradient per input, each of its
/// input's shape, and parameter gradients of their values' shapes; (3) `linearity` —
/// backward is linear in the upstream gradient (2× upstream gives 2× every gradient);
/// (4) `accumulation` — parameter gradients add up over two backward calls and
/// `zeroGradients()` resets them; (5) `backward before forward` — a thrown error, not a
/// crash; (6) `determinism` — repeated forward and backward passes on the same data give
/// the same bits; (7) `Float agrees` — a `Float` instance with the same parameters gives
/// the same output and gradients within ``floatTolerance``.
///
/// ```swift
/// @Test func softplusConforms() throws {
///   let report = try GateConformance().check(
///     { Softplus<Double>() }, float: { Softplus<Float>() }, inputs: [.normal([4, 3])])
///   #expect(report.passed, "\(report)")
/// }
/// ```
public struct GateConformance: Sendable {
  /// The gradient checker used for the Jacobians (its seed also seeds the inputs).
  public var checker: GradientChecker
  /// The largest scale-aware difference `|f − d| / max(1, |d|)` between the `Float` and
  /// the `Double` instance's outputs and gradients.
  public var floatTolerance: Double

  /// A suite with the given checker and `Float` tolerance.
  ///
  /// - Parameters:
  ///   - checker: The gradient checker (default: `Double` settings, seed 1).
  ///   - floatTolerance: The tolerance of the `Float` comparison (default `1e-4`).
  public init(checker: GradientChecker = GradientChecker(seed: 1), floatTolerance: Double = 1e-4) {
    self.checker = checker
    self.floatTolerance = floatTolerance
  }

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
    var report = try check(makeDouble, inputs: inputs)
    report.checks.append(
      try floatAgreement(makeDouble(), makeFloat(), at: sample(inputs), examples: inputs))
    return report
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
    let gate = try makeDouble()
    let x = try sample(inputs)
    let gradients = try checker.check(
      gate, inputs: x, constantInputs: Set(inputs.indices.filter { !inputs[$0].isDifferentiable }))
    var checks = [
      ConformanceReport.Check(
        name: "gradients", passed: gradients.passed,
        detail: gradients.passed
          ? "max error \(formatError(gradients.maxError)) ≤ \(checker.tolerance)"
          : gradients.diagnosis)
    ]
    checks.append(try shapes(gate, x))
    checks.append(try linearity(gate, x))
    checks.append(try accumulation(gate, x))
    checks.append(backwardBeforeForward(try makeDouble()))
    checks.append(try determinism(gate, x))
    return ConformanceReport(subject: gate.description, checks: checks, gradients: gradients)
  }

  // MARK: The checks

  private func sample(_ inputs: [ExampleInput]) throws -> [Tensor<Double>] {
    var generator = SeededGenerator(seed: checker.seed)
    return try inputs.map { try $0.sample(using: &generator) }
  }

  /// One forward and backward pass from a fresh copy: the output, the input gradients and
  /// the parameter gradients.
  private func pass<G: Gate>(
    _ gate: G, _ x: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>? = nil, backwards: Int = 1
  ) throws -> (output: Tensor<G.Scalar>, inputs: [Tensor<G.Scalar>], parameters: [Tensor<G.Scalar>])
  {
    var copy = gate
    let output = try copy.forward(inputs: x)
    let u = try upstream ?? checker.randomUpstream(shape: output.shape, salt: 7)
    copy.zeroGradients()
    var inputGradients: [Tensor<G.Scalar>] = []
    for _ in 0..<backwards { inputGradients = try copy.backward(upstream: u) }
    return (output, inputGradients, copy.parameters.map(\.parameter.gradient))
  }

  private func shapes(_ gate: some Gate<Double>, _ x: [Tensor<Double>]) throws
    -> ConformanceReport.Check
  {
    let name = "shapes"
    let result = try pass(gate, x)
    guard result.inputs.count == x.count else {
      return .init(
        name: name, passed: false,
        detail: "backward returned \(result.inputs.count) gradients for \(x.count) inputs")
    }
    for (i, (gradient, input)) in zip(result.inputs, x).enumerated()
    where gradient.shape != input.shape {
      return .init(
        name: name, passed: false,
        detail: "gradient of input \(i) has shape \(gradient.shape), the input \(input.shape)")
    }
    for ((path, parameter), gradient) in zip(gate.parameters, result.parameters)
    where gradient.shape != parameter.value.shape {
      return .init(
        name: name, passed: false,
        detail:
          "gradient of \(path) has shape \(gradient.shape), the value \(parameter.value.shape)")
    }
    return .init(
      name: name, passed: true,
      detail: "\(x.count) input and \(result.parameters.count) parameter gradients")
  }

  private func linearity(_ gate: some Gate<Double>, _ x: [Tensor<Double>]) throws
    -> ConformanceReport.Check
  {
    var probe = gate
    let output = try probe.forward(inputs: x)
    let u = try checker.randomUpstream(shape: output.shape, salt: 11) as Tensor<Double>
    let single = try pass(gate, x, upstream: u)
    let double = try pass(gate, x, upstream: u.map { 2 * $0 })
    let difference = largestDifference(
      double.inputs + double.parameters,
      (single.inputs + single.parameters).map { $0.map { 2 * $0 } })
    return .init(
      name: "linearity", passed: difference <= 1e-12,
      detail: "backward(2u) − 2·backward(u): \(formatError(difference)) (tolerance 1e-12)")
  }

  private func accumulation(_ gate: some Gate<Double>, _ x: [Tensor<Double>]) throws
    -> ConformanceReport.Check
  {
    let name = "accumulation"
    guard !gate.parameters.isEmpty else {
      return .init(name: name, passed: true, detail: "no parameters")
    }
    let once = try pass(gate, x)
    let twice = try pass(gate, x, upstream: nil, backwards: 2)
    let paths = gate.parameters.map(\.path)
    var (difference, worstPath) = (0.0, "")
    for (path, (two, one)) in zip(paths, zip(twice.parameters, once.parameters)) {
      let d = largestDifference([two], [one.map { 2 * $0 }])
      if !(d <= difference) { (difference, worstPath) = (d, path) }
    }
    var zeroed = gate
    _ = try zeroed.forward(inputs: x)
    _ = try zeroed.backward(upstream: checker.randomUpstream(shape: once.output.shape, salt: 7))
    zeroed.zeroGradients()
    let leftover =
      zeroed.parameters.map { $0.parameter.gradient.scalars.map(Swift.abs).max() ?? 0 }
      .max() ?? 0
    return .init(
      name: name, passed: difference <= 1e-12 && leftover == 0,
      detail:
        "two backward calls − 2 × one: \(formatError(difference))\(worstPath.isEmpty ? "" : " at \(worstPath)") (tolerance 1e-12); after zeroGradients(): \(leftover)"
    )
  }

  private func backwardBeforeForward(_ gate: some Gate<Double>) -> ConformanceReport.Check {
    var fresh = gate
    do {
      _ = try fresh.backward(upstream: Tensor(1))
      return .init(
        name: "backward before forward", passed: false, detail: "backward returned without error")
    } catch {
      return .init(name: "backward before forward", passed: true, detail: "threw: \(error)")
    }
  }

  private func determinism(_ gate: some Gate<Double>, _ x: [Tensor<Double>]) throws
    -> ConformanceReport.Check
  {
    let first = try pass(gate, x)
    let second = try pass(gate, x)
    // The same instance, forward and backward twice in a row.
    var reused = gate
    _ = try reused.forward(inputs: x)
    let output = try reused.forward(inputs: x)
    reused.zeroGradients()
    let gradients = try reused.backward(
      upstream: checker.randomUpstream(shape: output.shape, salt: 7))
    let identical =
      bits([first.output] + first.inputs + first.parameters)
      == bits([second.output] + second.inputs + second.parameters)
      && bits([output] + gradients) == bits([first.output] + first.inputs)
    return .init(
      name: "determinism", passed: identical,
      detail: identical ? "bit-identical over repeated passes" : "repeated passes differ")
  }

  private func floatAgreement(
    _ double: some Gate<Double>, _ float: some Gate<Float>, at x: [Tensor<Double>],
    examples: [ExampleInput]
  ) throws -> ConformanceReport.Check {
    var single = float
    try single.copyParameters(from: double)
    let u =
      try checker.randomUpstream(shape: try pass(double, x).output.shape, salt: 7) as Tensor<Double>
    let d = try pass(double, x, upstream: u)
    let f = try pass(single, x.map { Tensor<Float>($0) }, upstream: Tensor<Float>(u))
    let differentiable = examples.indices.filter { examples[$0].isDifferentiable }
    let difference = largestDifference(
      ([f.output] + differentiable.map { f.inputs[$0] } + f.parameters).map { Tensor<Double>($0) },
      [d.output] + differentiable.map { d.inputs[$0] } + d.parameters)
    return .init(
      name: "Float agrees", passed: difference <= floatTolerance,
      detail:
        "largest |Float − Double| / max(1, |Double|): \(formatError(difference)) (tolerance \(floatTolerance))"
    )
  }

  // MARK: Helpers

  /// The largest `|a − b| / max(1, |b|)` over matching tensors; infinity for a shape or
  /// count mismatch, NaN when a value is NaN.
  private func largestDifference(_ a: [Tensor<Double>], _ b: [Tensor<Double>]) -> Double {
    guard a.count == b.count else { return .infinity }
    var largest = 0.0
    for (x, y) in zip(a, b) {
      guard x.shape == y.shape else { return .infinity }
      for (p, q) in zip(x.scalars, y.scalars) {
        let difference = Swift.abs(p - q) / Swift.max(1, Swift.abs(q))
        if difference.isNaN { return .nan }
        largest = Swift.max(largest, difference)
      }
    }
    return largest
  }

  private func bits<S: TensorScalar>(_ tensors: [Tensor<S>]) -> [[Int]] {
    tensors.map {
      [$0.shape.count] + $0.shape
        + $0.scalars.map { Int(bitPattern: UInt($0.doubleValue.bitPattern)) }
    }
  }
}
