import Foundation
import GateKit
import GateKitExamples
import Testing

/// One gate, loss or composer run through the conformance suite.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
  var name: String
  var run: @Sendable () throws -> ConformanceReport
  var testDescription: String { name }

  init<D: Gate<Double>, F: Gate<Float>>(
    _ name: String, _ makeDouble: @escaping @Sendable () throws -> D,
    _ makeFloat: @escaping @Sendable () throws -> F, inputs: [ExampleInput],
    floatTolerance: Double = 1e-4
  ) {
    self.name = name
    run = {
      try GateConformance(floatTolerance: floatTolerance).check(
        makeDouble, float: makeFloat, inputs: inputs)
    }
  }

  /// A case whose instances draw their parameters from a seed, so that the round trip of
  /// the parameters starts from different values.
  init<D: Gate<Double>, F: Gate<Float>>(
    _ name: String, seeded makeDouble: @escaping @Sendable (UInt64) throws -> D,
    _ makeFloat: @escaping @Sendable () throws -> F, inputs: [ExampleInput]
  ) {
    self.name = name
    run = {
      try GateConformance().check(
        seeded: { generator in try makeDouble(generator.next()) }, float: makeFloat,
        inputs: inputs)
    }
  }
}

/// A seeded dense layer, the same for both scalar types.
private func dense<S: TensorScalar>(_ input: Int, _ output: Int, seed: UInt64 = 1) throws -> Dense<
  S
> {
  var generator = SeededGenerator(seed: seed)
  return try Dense<S>(input, output, biasInitializer: .normal(), using: &generator)
}

private func mlp<S: TensorScalar>(_: S.Type, seed: UInt64 = 0) throws -> Sequential<S> {
  try Sequential<S>([
    dense(4, 5, seed: seed &+ 1), Tanh(), dense(5, 3, seed: seed &+ 2), LeakyReLU(),
    dense(3, 2, seed: seed &+ 3), Sigmoid(),
  ])
}

private func residual<S: TensorScalar>(_: S.Type, seed: UInt64 = 0) throws -> Graph<S> {
  try Graph<S>(inputs: "x", outputs: "f") {
    GraphNode("h", try dense(3, 3, seed: seed &+ 4) as Dense<S>, inputs: "x")
    GraphNode("s", Add(), inputs: "h", "x")
    GraphNode("o", Sigmoid(), inputs: "s")
    GraphNode("f", Multiply(), inputs: "o", "x")
  }
}

private let labels = ExampleInput.labels(Tensor<Double>([0, 2, 1, 2]))

@Suite("The conformance suite")
struct ConformanceTests {
  static let cases: [ConformanceCase] = [
    ConformanceCase(
      "Add", { Add<Double>() }, { Add<Float>() }, inputs: [.normal([3, 4]), .normal([4])]),
    ConformanceCase(
      "Subtract", { Subtract<Double>() }, { Subtract<Float>() },
      inputs: [.normal([3, 4]), .normal([3, 1])]),
    ConformanceCase(
      "Multiply", { Multiply<Double>() }, { Multiply<Float>() },
      inputs: [.normal([3, 4]), .normal([3, 4]), .normal([])]),
    ConformanceCase(
      "Divide", { Divide<Double>() }, { Divide<Float>() },
      inputs: [.normal([3, 4]), .awayFromZero([4])]),
    ConformanceCase(
      "Max", { Max<Double>() }, { Max<Float>() }, inputs: [.normal([3, 4]), .normal([3, 4])]),
    ConformanceCase(
      "MatMul", { MatMul<Double>() }, { MatMul<Float>() },
      inputs: [.normal([3, 4]), .normal([4, 2])]),
    ConformanceCase(
      "Scale", { try Scale<Double>(2.5) }, { try Scale<Float>(2.5) }, inputs: [.normal([5])]),
    ConformanceCase("Negate", { Negate<Double>() }, { Negate<Float>() }, inputs: [.normal([5])]),
    ConformanceCase(
      "Reciprocal", { Reciprocal<Double>() }, { Reciprocal<Float>() },
      inputs: [.awayFromZero([3, 4])]),
    ConformanceCase(
      "Square", { Square<Double>() }, { Square<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase("Exp", { Exp<Double>() }, { Exp<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase(
      "Log", { Log<Double>() }, { Log<Float>() }, inputs: [.uniform([3, 4], in: 0.5...2.5)]),
    ConformanceCase("Abs", { Abs<Double>() }, { Abs<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase("Sin", { Sin<Double>() }, { Sin<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase(
      "Sigmoid", { Sigmoid<Double>() }, { Sigmoid<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase("Tanh", { Tanh<Double>() }, { Tanh<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase("ReLU", { ReLU<Double>() }, { ReLU<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase(
      "LeakyReLU", { try LeakyReLU<Double>(slope: 0.2) }, { try LeakyReLU<Float>(slope: 0.2) },
      inputs: [.normal([3, 4])]),
    ConformanceCase("Sum", { Sum<Double>() }, { Sum<Float>() }, inputs: [.normal([3, 4])]),
    ConformanceCase(
      "Dense", seeded: { try dense(4, 3, seed: $0) as Dense<Double> },
      { try dense(4, 3) as Dense<Float> }, inputs: [.normal([5, 4])]),
    ConformanceCase(
      "MeanSquaredError", { MeanSquaredError<Double>() }, { MeanSquaredError<Float>() },
      inputs: [.normal([4, 3]), .normal([4, 3])]),
    ConformanceCase(
      "MeanAbsoluteError", { MeanAbsoluteError<Double>() }, { MeanAbsoluteError<Float>() },
      inputs: [.normal([4, 3]), .normal([4, 3])]),
    ConformanceCase(
      "HuberLoss", { try HuberLoss<Double>(delta: 0.5) }, { try HuberLoss<Float>(delta: 0.5) },
      inputs: [.normal([4, 3]), .normal([4, 3])]),
    ConformanceCase(
      "BinaryCrossEntropy", { try BinaryCrossEntropy<Double>() },
      { try BinaryCrossEntropy<Float>() },
      inputs: [.uniform([4, 1], in: 0.1...0.9), .uniform([4, 1], in: 0...1)]),
    ConformanceCase(
      "BinaryCrossEntropyWithLogits", { BinaryCrossEntropyWithLogits<Double>() },
      { BinaryCrossEntropyWithLogits<Float>() },
      inputs: [.normal([4, 1]), .uniform([4, 1], in: 0...1)]),
    ConformanceCase(
      "SoftmaxCrossEntropy, labels", { SoftmaxCrossEntropy<Double>() },
      { SoftmaxCrossEntropy<Float>() }, inputs: [.normal([4, 3]), labels]),
    ConformanceCase(
      "SoftmaxCrossEntropy, probabilities", { SoftmaxCrossEntropy<Double>() },
      { SoftmaxCrossEntropy<Float>() }, inputs: [.normal([4, 3]), .uniform([4, 3], in: 0...1)]),
    ConformanceCase(
      "NegativeLogLikelihood", { NegativeLogLikelihood<Double>() },
      { NegativeLogLikelihood<Float>() }, inputs: [.normal([4, 3]), labels]),
    ConformanceCase(
      "Sequential", seeded: { try mlp(Double.self, seed: $0) }, { try mlp(Float.self) },
      inputs: [.normal([5, 4])]),
    ConformanceCase(
      "Graph", seeded: { try residual(Double.self, seed: $0) }, { try residual(Float.self) },
      inputs: [.normal([4, 3])]),
    ConformanceCase(
      "SingleInputLayer(Graph)", seeded: { SingleInputLayer(try residual(Double.self, seed: $0)) },
      { SingleInputLayer(try residual(Float.self)) }, inputs: [.normal([4, 3])]),
    ConformanceCase(
      "S6 staged circuit", { try CourseCircuits.s6Staged() as Graph<Double> },
      { try CourseCircuits.s6Staged() as Graph<Float> }, inputs: [.normal([3]), .normal([3])]),
  ]

  @Test(arguments: cases)
  func everyBuiltInPasses(_ testCase: ConformanceCase) throws {
    let report = try testCase.run()
    #expect(report.passed)
    #expect(
      report.checks.map(\.name) == [
        "gradients", "shapes", "linearity", "accumulation", "repeated backward",
        "backward before forward", "stale cache", "value semantics", "determinism",
        "parameters visited", "Float agrees",
      ])
    #expect(report.checks[0].detail.contains("probed at"), "\(report.checks[0].detail)")
  }

  @Test func everyBuiltInGateIsAConformanceCase() {
    let names = Set(Self.cases.map(\.name))
    #expect(Set(BuiltInGates.names).subtracting(names).isEmpty, "cases: \(names.sorted())")
  }

  @Test func aGateThatDoesNotThrowBeforeForwardFails() throws {
    let report = try GateConformance().check({ Identity() }, inputs: [.normal([3])])
    #expect(report.failedChecks == ["backward before forward"])
  }

  @Test func aNondeterministicGateFails() throws {
    let report = try GateConformance().check({ Jittery() }, inputs: [.normal([3])])
    #expect(report.failedChecks.contains("determinism"))
  }

  @Test func aFloatInstanceThatDisagreesFails() throws {
    let report = try GateConformance().check(
      { try Scale<Double>(2) }, float: { try Scale<Float>(2.001) }, inputs: [.normal([3])])
    #expect(report.failedChecks == ["Float agrees"])
  }

  @Test func aReportIsCodableAndPrintsATable() throws {
    let report = try GateConformance().check({ Sigmoid<Double>() }, inputs: [.normal([2, 2])])
    let decoded = try JSONDecoder().decode(
      ConformanceReport.self, from: JSONEncoder().encode(report))
    #expect(decoded.checks.map(\.name) == report.checks.map(\.name) && decoded.passed)
    #expect(report.description.hasPrefix("Conformance of Sigmoid: passed"))
  }
}

/// Passes its input through and, wrongly, answers backward before any forward.
private struct Identity: Layer {
  var description: String { "Identity" }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> { input }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> { upstream }
}

/// Scales by a factor that changes with every forward pass.
struct Jittery: Layer {
  private var calls = 0.0
  private var factor: Double?
  var description: String { "Jittery" }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    calls += 1
    factor = 1 + calls * 1e-3
    return input.map { $0 * (1 + calls * 1e-3) }
  }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let factor = try cached(factor)
    return upstream.map { $0 * factor }
  }
}
