import GateKit
import Testing

/// Two parameters, the second of which can be given a gradient of the wrong shape.
private struct TwoParameters: Layer {
  var first = Parameter<Float>([1, 2])
  var second = Parameter<Float>([3])
  var description: String { "TwoParameters" }
  mutating func forward(_ input: Tensor<Float>) throws -> Tensor<Float> { input }
  mutating func backward(_ upstream: Tensor<Float>) throws -> Tensor<Float> { upstream }
  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Float>) throws -> Void
  ) rethrows {
    try visit("first", &first)
    try visit("second", &second)
  }
}

@Suite("An optimizer step happens whole or not at all")
struct AtomicUpdateTests {
  @Test func aBadGradientLaterInTheModelLeavesEverythingUntouched() throws {
    var model = TwoParameters()
    model.first.gradient = [0.5, 0.5]
    model.second.gradient = [1, 1]  // wrong shape
    var optimizer = try SGD<Float>(learningRate: 0.1, momentum: 0.9)
    #expect(throws: GateKitError.self) { try optimizer.update(&model) }
    #expect(model.first.value == [1, 2])
    #expect(optimizer.state.step == 0)
    #expect(optimizer.state.tensors.isEmpty)
  }

  @Test func stateOfTheWrongShapeIsCaughtBeforeAnyUpdate() throws {
    var model = TwoParameters()
    model.first.gradient = [0.5, 0.5]
    model.second.gradient = [1]
    var optimizer = try Adam<Float>()
    optimizer.state.set([0, 0, 0], "firstMoment", for: "second")
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "optimizer state second.firstMoment", expected: "the parameter's shape [1]",
        actual: [3])
    ) {
      try optimizer.update(&model)
    }
    #expect(model.first.value == [1, 2])
    #expect(optimizer.state.step == 0)
  }

  /// A clip factor below Float's normal range used to round to 0 and erase the gradients.
  @Test func clippingHugeFloatGradientsToATinyNormKeepsTheirDirection() throws {
    var model = TwoParameters()
    model.first.gradient = [3e38, 0]
    model.second.gradient = [-1e38]
    let norm = try model.clipGradients(maxNorm: 1e-8)
    #expect(norm > 3e38)
    let clipped = model.first.gradient.scalars + model.second.gradient.scalars
    // Tolerance: float32 rounding in two scalings (relative 1e-6 of the 1e-8 norm).
    #expect(Swift.abs(Double(clipped[0]) - 1e-8 * 3 / 10.0.squareRoot()) < 1e-14)
    #expect(Swift.abs(Double(clipped[2]) + 1e-8 / 10.0.squareRoot()) < 1e-14)
    #expect(clipped.allSatisfy { $0.isFinite })
  }
}
