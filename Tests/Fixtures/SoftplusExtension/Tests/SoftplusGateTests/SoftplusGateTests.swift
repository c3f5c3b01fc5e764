import GateKit
import SoftplusGate
import Testing

@Suite("Softplus, a gate from another package")
struct SoftplusGateTests {
  @Test func passesTheConformanceSuite() throws {
    let report = try GateConformance().check(
      { Softplus<Double>() }, float: { Softplus<Float>() }, inputs: [.normal([4, 3])])
    #expect(report.passed)
  }

  @Test func composesWithBuiltInGatesAndChecks() throws {
    var generator = SeededGenerator(seed: 1)
    let model = Sequential<Double>([
      try Dense(3, 4, using: &generator), Softplus(), try Dense(4, 2, using: &generator),
    ])
    let x = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let report = try GradientChecker().check(model, inputs: [x])
    #expect(report.passed)
    let conformance = try GateConformance().check({ model }, inputs: [.normal([5, 3])])
    #expect(conformance.passed)
  }

  @Test func knownValues() throws {
    var softplus = Softplus<Double>()
    let y = try softplus.forward([0])
    #expect(Swift.abs(y.scalars[0] - 0.693_147_180_559_945_3) < 1e-15)  // log 2
    #expect(try softplus.backward([1]).scalars == [0.5])  // σ(0)
  }
}
