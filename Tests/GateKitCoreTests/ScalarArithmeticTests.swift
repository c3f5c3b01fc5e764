import GateKitCore
import Testing

@Suite("Tensor–scalar arithmetic: cannot fail, so it does not throw")
struct ScalarArithmeticTests {
  let x = Tensor<Double>([1, 2, 4])

  @Test func literalsAndScalarsOnEitherSide() {
    #expect(x * 2 == [2, 4, 8])
    #expect(2 * x == [2, 4, 8])
    #expect(x + 1 == [2, 3, 5])
    #expect(1 + x == [2, 3, 5])
    #expect(x - 1 == [0, 1, 3])
    #expect(1 - x == [0, -1, -3])
    #expect(x / 2 == [0.5, 1, 2])
    #expect(4 / x == [4, 2, 1])
    #expect(-x == [-1, -2, -4])
  }

  @Test func compoundAssignment() {
    var y = x
    y *= 3
    y += 1
    y -= 2
    y /= 2
    #expect(y == [1, 2.5, 5.5])
  }

  @Test func matchesTheBroadcastingTensorOperation() throws {
    let m = try Tensor<Float>(rows: [[1, -2, 3], [0.5, 7, -8]])
    #expect(try m * Tensor(Float(0.25)) == m * 0.25)
    #expect(try Tensor(Float(3)) - m == 3 - m)
    #expect(try Tensor(Float(2)) / m == 2 / m)
    #expect((m * 0.25).shape == [2, 3])
  }

  @Test func worksInGenericCode() {
    func affine<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> { 1 - t * S(2) }
    #expect(affine(x) == [-1, -3, -7])
  }

  @Test func divisionByZeroFollowsIEEE() {
    let y = x / 0
    #expect(y.scalars.allSatisfy { $0 == .infinity })
  }
}
