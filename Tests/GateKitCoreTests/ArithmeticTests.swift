import GateKitCore
import GateKitTestSupport
import Testing

@Suite("Broadcasting arithmetic and reductions")
struct ArithmeticTests {
  @Test(arguments: [
    ([2, 3], [3], [2, 3]),
    ([2, 1], [1, 3], [2, 3]),
    ([4, 1, 5], [3, 1], [4, 3, 5]),
    ([], [2, 2], [2, 2]),
    ([0, 3], [3], [0, 3]),
  ])
  func broadcastShapesFollowNumPyRules(lhs: [Int], rhs: [Int], expected: [Int]) {
    #expect(BroadcastLayout.broadcastShape(lhs, rhs) == expected)
    #expect(BroadcastLayout.broadcastShape(rhs, lhs) == expected)
  }

  @Test func incompatibleShapesNameBothShapes() throws {
    let a = try Tensor<Double>(zeros: [2, 3])
    let b = try Tensor<Double>(zeros: [4])
    #expect(throws: GateKitError.incompatibleShapes(operation: "tensor +", shapes: [[2, 3], [4]])) {
      try a + b
    }
    #expect(
      GateKitError.incompatibleShapes(operation: "tensor +", shapes: [[2, 3], [4]]).description
        == "tensor +: shapes [2, 3] and [4] do not broadcast")
  }

  @Test func operatorsBroadcastRowsColumnsAndScalars() throws {
    let x = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try x + [10, 20, 30] == Tensor(rows: [[11, 22, 33], [14, 25, 36]]))
    #expect(
      try x - Tensor(shape: [2, 1], scalars: [1, 4]) == Tensor(rows: [[0, 1, 2], [0, 1, 2]]))
    #expect(try x * 2 == Tensor(rows: [[2, 4, 6], [8, 10, 12]]))
    #expect(try 12 / x == Tensor(rows: [[12, 6, 4], [3, 2.4, 2]]))
    #expect(try -x == Tensor(rows: [[-1, -2, -3], [-4, -5, -6]]))
  }

  @Test func comparisonOperationsGiveOnesAndZeros() throws {
    let a: Tensor<Float> = [1, 5, 3]
    let b: Tensor<Float> = [2, 5, 1]
    #expect(try a.combined(with: b, by: .greater) == [0, 0, 1])
    #expect(try a.combined(with: b, by: .equal) == [0, 1, 0])
    #expect(try a.combined(with: b, by: .maximum) == [2, 5, 3])
  }

  @Test func maximumPropagatesNaN() throws {
    let a: Tensor<Double> = [.nan, 1]
    let b: Tensor<Double> = [0, .nan]
    let m = try a.combined(with: b, by: .maximum)
    #expect(m.scalars.allSatisfy { $0.isNaN })
  }

  @Test func inPlaceOperatorsRequireTheRightSideToBroadcastToTheLeft() throws {
    var x = try Tensor<Double>(rows: [[1, 2], [3, 4]])
    try x += [10, 20]
    #expect(x == (try Tensor(rows: [[11, 22], [13, 24]])))
    x -= 1
    #expect(x == (try Tensor(rows: [[10, 21], [12, 23]])))
    var row: Tensor<Double> = [1, 2]
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "tensor +=", expected: "a shape that broadcasts to [2]", actual: [2, 2])
    ) {
      try row += x
    }
  }

  @Test func sumToShapeReversesBroadcasting() throws {
    let dy = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try dy.sum(toShape: [3]) == [5, 7, 9])
    #expect(try dy.sum(toShape: [2, 1]) == Tensor(shape: [2, 1], scalars: [6, 15]))
    #expect(try dy.sum(toShape: [1, 3]) == Tensor(shape: [1, 3], scalars: [5, 7, 9]))
    #expect(try dy.sum(toShape: []) == Tensor(21))
    #expect(try dy.sum(toShape: [2, 3]) == dy)
    #expect(dy.sum() == 21)
    #expect(throws: GateKitError.self) { try dy.sum(toShape: [2]) }
  }

  @Test func sumToShapeOverThreeDimensions() throws {
    let x = try Tensor<Float>(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
    // Reduce the middle dimension: out[i, 0, k] = Σ_j x[i, j, k].
    let reduced = try x.sum(toShape: [2, 1, 4])
    #expect(reduced.scalars == [12, 15, 18, 21, 48, 51, 54, 57])
    // Reduce the outer dimension onto a broadcast row.
    #expect(try x.sum(toShape: [3, 1]).scalars == [60, 92, 124])
  }

  @Test func accumulateSumAddsIntoExistingValues() throws {
    var bias: Tensor<Double> = [1, 1]
    try bias.accumulateSum(of: try Tensor(rows: [[1, 2], [3, 4]]))
    #expect(bias == [5, 7])
    #expect(throws: GateKitError.self) { try bias.accumulateSum(of: [1, 2, 3]) }
  }
}
