import GateKit
import GateKitTestSupport
import Testing

@Suite("Dense: y = xW + b")
struct DenseTests {
  private func smallDense() throws -> Dense<Double> {
    try Dense(
      weight: try Tensor(rows: [[1, 2, 3], [4, 5, 6]]),  // in 2 × out 3
      bias: [0.5, -0.5, 1])
  }

  @Test func forwardIsXWPlusBOnEveryRow() throws {
    var dense = try smallDense()
    let x = try Tensor<Double>(rows: [[1, 0], [0, 1], [1, 1]])
    #expect(
      try dense.forward(x) == Tensor(rows: [[1.5, 1.5, 4], [4.5, 4.5, 7], [5.5, 6.5, 10]]))
    #expect(dense.description == "Dense(2 → 3)")
  }

  /// The vectorized rule: dW = xᵀ·dy, db = column sums of dy, dx = dy·Wᵀ.
  @Test func backwardFollowsTheVectorizedRule() throws {
    var dense = try smallDense()
    let x = try Tensor<Double>(rows: [[1, 2], [3, 4]])
    let dy = try Tensor<Double>(rows: [[1, 0, -1], [2, 1, 0]])
    _ = try dense.forward(x)
    let dx = try dense.backward(dy)
    #expect(dx == (try Tensor(rows: [[-2, -2], [4, 13]])))
    #expect(dense.weight.gradient == (try Tensor(rows: [[7, 3, -1], [10, 4, -2]])))
    #expect(dense.bias.gradient == [3, 1, -1])
  }

  @Test func parameterGradientsAccumulateAcrossBackwardPasses() throws {
    var dense = try smallDense()
    let x = try Tensor<Double>(rows: [[1, 2]])
    let dy = try Tensor<Double>(rows: [[1, 1, 1]])
    _ = try dense.forward(x)
    _ = try dense.backward(dy)
    _ = try dense.backward(dy)
    #expect(dense.weight.gradient == (try Tensor(rows: [[2, 2, 2], [4, 4, 4]])))
    #expect(dense.bias.gradient == [2, 2, 2])
    dense.zeroGradients()
    #expect(dense.weight.gradient == (try Tensor(zeros: [2, 3])))
    #expect(dense.parameters.map(\.path) == ["weight", "bias"])
    #expect(dense.parameterCount == 9)
  }

  @Test func wrongInputShapesNameTheLayerAndBothShapes() throws {
    var generator = SeededGenerator(seed: 0)
    var dense = try Dense<Float>(64, 32, using: &generator)
    let error = GateKitError.shapeMismatch(
      operation: "Dense(64 → 32)", expected: "input of shape [batch, 64]", actual: [32, 63])
    #expect(throws: error) { try dense.forward(try Tensor(zeros: [32, 63])) }
    #expect(
      error.description == "Dense(64 → 32): expected input of shape [batch, 64], got [32, 63]")
    #expect(throws: GateKitError.self) { try dense.forward(try Tensor(zeros: [64])) }
    #expect(throws: GateKitError.self) { try dense.forward(try Tensor(zeros: [0, 64])) }
  }

  @Test func invalidConstructionThrows() {
    var generator = SeededGenerator(seed: 0)
    #expect(throws: GateKitError.self) { try Dense<Double>(0, 3, using: &generator) }
    #expect(throws: GateKitError.self) {
      try Dense<Double>(weight: try Tensor(zeros: [2, 3]), bias: [1, 2])
    }
    #expect(throws: GateKitError.self) { try Dense<Double>(weight: [1, 2, 3], bias: [1]) }
  }

  /// The documented defaults: Glorot-uniform weights within ±√(6/(in + out)), zero bias.
  @Test func defaultInitializationIsGlorotUniformWithZeroBias() throws {
    var generator = SeededGenerator(seed: 42)
    let dense = try Dense<Double>(100, 50, using: &generator)
    let bound = (6.0 / 150).squareRoot()
    #expect(dense.weight.value.scalars.allSatisfy { Swift.abs($0) <= bound })
    #expect(dense.weight.value.scalars.contains { Swift.abs($0) > bound * 0.9 })
    #expect(dense.bias.value == (try Tensor(zeros: [50])))
  }

  @Test func customInitializersAreUsed() throws {
    var generator = SeededGenerator(seed: 1)
    let dense = try Dense<Float>(
      3, 2, weightInitializer: .constant(0.5), biasInitializer: .ones, using: &generator)
    #expect(dense.weight.value == (try Tensor(repeating: 0.5, shape: [3, 2])))
    #expect(dense.bias.value == [1, 1])
  }
}
