import GateKit
import Testing

/// The conformance suite covers the whole contract: each wrong gate of
/// ContractWrongGates.swift fails its check alone and, inside a `Sequential`, a `Graph` and
/// a graph nested in a `Sequential`, the check names it; the correct control passes.
@Suite("The conformance suite covers the whole contract")
struct ContractTests {
  private static let inputs: [ExampleInput] = [.normal([5, 4])]

  /// Each wrong gate and the check it breaks.
  static let cases: [(gate: any Layer<Double>, check: String)] = [
    (SquareWithStaleCache(), "stale cache"),
    (SquareConsumingItsCache(), "repeated backward"),
    (SquareWithSharedCache(), "value semantics"),
  ]

  @Test(arguments: cases.indices)
  func aContractBreachIsCaughtAndNamedInEveryComposition(_ index: Int) throws {
    let (gate, name) = Self.cases[index]
    let alone = try GateConformance().check({ gate }, inputs: Self.inputs)
    #expect(alone.failedChecks.contains(name), "\(alone)")
    #expect(alone.checks.first { $0.name == "gradients" }?.passed == true)  // invisible there
    for placement in try Compositions.around(gate) {
      let report = try GateConformance().check({ placement.model }, inputs: Self.inputs)
      let check = try #require(report.checks.first { $0.name == name })
      #expect(!check.passed, "\(placement): \(report)")
      #expect(check.gates == ["\(placement.path) (\(gate.description))"], "\(placement): \(check)")
    }
  }

  @Test func theControlPassesEverywhere() throws {
    #expect(try GateConformance().check({ Square<Double>() }, inputs: Self.inputs).passed)
    for placement in try Compositions.around(Square<Double>()) {
      let report = try GateConformance().check({ placement.model }, inputs: Self.inputs)
      #expect(report.passed, "\(placement): \(report)")
    }
  }

  /// A parameter that `visitParameters` misses: a fresh instance (another seed) loaded
  /// through the walk keeps its own bias and computes something else — alone and in each
  /// composition.
  @Test func anUnvisitedParameterIsCaught() throws {
    var generator = SeededGenerator(seed: 0)
    func make(_ generator: inout SeededGenerator) throws -> DenseHidingItsBias {
      DenseHidingItsBias(
        inner: try Dense(4, 4, biasInitializer: .normal(), using: &generator))
    }
    let alone = try GateConformance().check(seeded: make, inputs: Self.inputs)
    #expect(alone.failedChecks == ["parameters visited"], "\(alone)")
    for index in 0..<3 {
      let model = { (generator: inout SeededGenerator) -> any Gate<Double> in
        try Compositions.around(try make(&generator))[index].model
      }
      let composed = try GateConformance().check(seeded: model, inputs: Self.inputs)
      let placement = try Compositions.around(try make(&generator))[index]
      #expect(composed.failedChecks == ["parameters visited"], "\(placement): \(composed)")
      #expect(composed.blamedGates == ["\(placement.path) (DenseHidingItsBias)"], "\(composed)")
    }
    let control = { (generator: inout SeededGenerator) in
      try Dense<Double>(4, 4, biasInitializer: .normal(), using: &generator)
    }
    #expect(try GateConformance().check(seeded: control, inputs: Self.inputs).passed)
    // An unseeded factory that makes identical instances cannot show it, and says so.
    let unseeded = try GateConformance().check(
      { try Compositions.dense(4, 4, seed: 1) }, inputs: Self.inputs)
    let visited = try #require(unseeded.checks.first { $0.name == "parameters visited" })
    #expect(visited.passed && visited.detail.contains("use check(seeded:"))
  }

  /// Determinism and Float agreement, inside compositions, name the gate.
  @Test func determinismAndFloatFailuresNameTheGate() throws {
    let jittery = try GateConformance().check(
      { Sequential<Double>([try Compositions.dense(4, 4, seed: 1), Jittery(), Tanh()]) },
      inputs: Self.inputs)
    let determinism = try #require(jittery.checks.first { $0.name == "determinism" })
    #expect(!determinism.passed && determinism.gates == ["layers.1 (Jittery)"], "\(jittery)")

    func model<S: TensorScalar>(_ factor: S) throws -> Sequential<S> {
      var generator = SeededGenerator(seed: 1)
      return Sequential<S>([try Dense<S>(4, 4, using: &generator), try Scale(factor), Tanh()])
    }
    let float = try GateConformance().check(
      { try model(2.0) }, float: { try model(Float(2.001)) }, inputs: Self.inputs)
    let agrees = try #require(float.checks.first { $0.name == "Float agrees" })
    #expect(!agrees.passed && agrees.gates == ["layers.1 (Scale(2.0))"], "\(float)")
  }

  /// Factories returning existentials are accepted.
  @Test func existentialFactoriesAreAccepted() throws {
    let layer: any Layer<Double> = Tanh()
    let report = try GateConformance().check(
      { layer }, float: { Tanh<Float>() as any Gate<Float> }, inputs: Self.inputs)
    #expect(report.passed)
    let gate: any Gate<Double> = Add<Double>()
    #expect(
      try GateConformance().check({ gate }, inputs: [.normal([3, 4]), .normal([3, 4])]).passed)
  }

  /// The default points: the example shapes, batch 1, an odd batch and a broadcast
  /// operand, each drawn twice; the gradient check says where it probed.
  @Test func theGradientsAreProbedAtSeveralShapesAndDraws() throws {
    let report = try GateConformance().check(
      { Add<Double>() }, inputs: [.normal([4, 3]), .normal([4, 3])])
    let detail = try #require(report.checks.first).detail
    #expect(
      detail.contains("[4, 3] [4, 3] ×2, [1, 3] [1, 3] ×2, [5, 3] [5, 3] ×2, [4, 3] [3] ×2"),
      "\(detail)")
    let loss = try GateConformance().check(
      { SoftmaxCrossEntropy<Double>() }, inputs: [.normal([4, 3]), .labels([0, 2, 1, 2])])
    #expect(loss.passed)
    #expect(loss.checks[0].detail.contains("[1, 3] [1] ×2"), "\(loss.checks[0].detail)")
  }
}
