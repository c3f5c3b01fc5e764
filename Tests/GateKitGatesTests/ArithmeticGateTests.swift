import GateKit
import GateKitTestSupport
import Testing

@Suite("Add, subtract, multiply, divide, scale, sum and matrix product")
struct ArithmeticGateTests {
  @Test func addDistributesTheGradientToEveryInput() throws {
    var add = Add<Double>()
    #expect(try add.forward(inputs: [5, 6, -1]) == 10)
    #expect(try add.backward(upstream: 3) == [3, 3, 3])
  }

  @Test func addSumsTheGradientOverBroadcastDimensions() throws {
    var add = Add<Double>()
    let x = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    let b: Tensor<Double> = [10, 20, 30]
    #expect(try add.forward(inputs: [x, b]) == Tensor(rows: [[11, 22, 33], [14, 25, 36]]))
    let grads = try add.backward(upstream: try Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
    #expect(grads[0] == x)
    #expect(grads[1] == [5, 7, 9])  // column sums
  }

  @Test func addRejectsShapesThatDoNotBroadcastNamingEveryShape() {
    var add = Add<Double>()
    #expect(throws: GateKitError.incompatibleShapes(operation: "Add", shapes: [[2], [3], [1]])) {
      try add.forward(inputs: [[1, 2], [1, 2, 3], [1]])
    }
  }

  @Test func subtractNegatesTheSecondGradient() throws {
    var subtract = Subtract<Double>()
    #expect(try subtract.forward(inputs: [[5, 7], 2]) == [3, 5])
    #expect(try subtract.backward(upstream: [1, 2]) == [[1, 2], -3])
  }

  @Test func multiplySwapsItsInputs() throws {
    var multiply = Multiply<Double>()
    #expect(try multiply.forward(inputs: [3, 2]) == 6)
    #expect(try multiply.backward(upstream: 3) == [6, 9])  // S1: du = 3 gives db = 3·c, dc = 3·b
  }

  @Test func multiplyWithThreeInputsUsesTheProductOfTheOthersEvenAtZero() throws {
    var multiply = Multiply<Double>()
    #expect(try multiply.forward(inputs: [2, 0, 5]) == 0)
    // ∂/∂x₁ = x₂x₃ = 0, ∂/∂x₂ = x₁x₃ = 10 (no division by the zero), ∂/∂x₃ = x₁x₂ = 0.
    #expect(try multiply.backward(upstream: 1) == [0, 10, 0])
  }

  @Test func multiplyReducesBroadcastGradients() throws {
    var multiply = Multiply<Double>()
    let x = try Tensor<Double>(rows: [[1, 2], [3, 4]])
    let w: Tensor<Double> = [10, 100]
    _ = try multiply.forward(inputs: [x, w])
    let grads = try multiply.backward(upstream: try Tensor(rows: [[1, 1], [1, 1]]))
    #expect(grads[0] == (try Tensor(rows: [[10, 100], [10, 100]])))
    #expect(grads[1] == [4, 6])
  }

  @Test func divideFollowsTheQuotientRule() throws {
    var divide = Divide<Double>()
    #expect(try divide.forward(inputs: [6, 3]) == 2)
    let grads = try divide.backward(upstream: 1)
    // ∂(a/b)/∂a = 1/b = 1/3, ∂(a/b)/∂b = −a/b² = −6/9; tolerance: one rounding each.
    #expect(maxDifference(grads[0], Tensor(1.0 / 3)) < 1e-15)
    #expect(maxDifference(grads[1], Tensor(-6.0 / 9)) < 1e-15)
  }

  @Test func scaleMultipliesTheGradientByItsFactor() throws {
    var scale = try Scale<Double>(3)
    #expect(try scale.forward(11) == 33)
    #expect(try scale.backward(1) == 3)
    #expect(scale.description == "Scale(3.0)")
  }

  @Test func sumRepeatsTheUpstreamScalar() throws {
    var sum = Sum<Double>()
    #expect(try sum.forward(try Tensor(rows: [[1, 2], [3, 4]])) == 10)
    #expect(try sum.backward(2) == (try Tensor(rows: [[2, 2], [2, 2]])))
  }

  /// cs231n's vectorized rule for D = W·X: dW = dD·Xᵀ, dX = Wᵀ·dD.
  @Test func matrixProductFollowsTheVectorizedRule() throws {
    var product = MatMul<Double>()
    let w = try Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])  // 3 × 2
    let x = try Tensor<Double>(rows: [[1, 0, -1], [2, 1, 0]])  // 2 × 3
    let d = try product.forward(inputs: [w, x])
    #expect(d == (try Tensor(rows: [[5, 2, -1], [11, 4, -3], [17, 6, -5]])))
    let dd = try Tensor<Double>(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    let grads = try product.backward(upstream: dd)
    #expect(grads[0] == (try x.transposed()))  // dD·Xᵀ with dD = I
    #expect(grads[1] == (try w.transposed()))  // Wᵀ·dD with dD = I
    #expect(grads.map(\.shape) == [w.shape, x.shape])
  }

  @Test func matrixProductRejectsMismatchedFactors() {
    var product = MatMul<Double>()
    #expect(throws: GateKitError.self) {
      try product.forward(inputs: [try Tensor(zeros: [2, 3]), try Tensor(zeros: [2, 3])])
    }
  }
}
