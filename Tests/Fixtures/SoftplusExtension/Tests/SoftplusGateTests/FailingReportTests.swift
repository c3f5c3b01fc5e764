import Foundation
import GateKit
import Testing

/// Softplus with the most common backward bug: it returns the local derivative `σ(x)` and
/// forgets to multiply by the upstream gradient.
struct ForgetfulSoftplus<Scalar: TensorScalar>: Layer {
  private var input: Tensor<Scalar>?

  var description: String { "ForgetfulSoftplus" }

  mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    self.input = input
    return input.applying(.softplus)
  }

  mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let x = try cached(input)
    try validateUpstream(upstream, outputShape: x.shape)
    return x.applying(.sigmoid)  // wrong on purpose: dy · σ(x) is right
  }
}

/// Shows what a failing check prints with the assertion the docs recommend,
/// `#expect(report.passed)`: Swift Testing expands `report` and prints its description (the
/// table and the diagnosis). Disabled in a plain `swift test`: GateKit's CI runs it in a
/// subprocess with GATEKIT_SHOW_FAILING_REPORT=1, expects it to fail, and checks that the
/// output names the wrong gate, the failing checks and the worst element.
@Suite(
  "A failing report explains itself",
  .enabled(if: ProcessInfo.processInfo.environment["GATEKIT_SHOW_FAILING_REPORT"] == "1"))
struct FailingReportTests {
  @Test func gradientCheckOfAComposition() throws {
    var generator = SeededGenerator(seed: 1)
    let model = Sequential<Double>([
      try Dense(3, 4, using: &generator), ForgetfulSoftplus(), try Dense(4, 2, using: &generator),
    ])
    let x = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let report = try GradientChecker().check(model, inputs: [x])
    #expect(report.passed)
  }

  @Test func conformanceOfTheGate() throws {
    let report = try GateConformance().check(
      { ForgetfulSoftplus<Double>() }, float: { ForgetfulSoftplus<Float>() },
      inputs: [.normal([4, 3])])
    #expect(report.passed)
  }
}
