import GateKitCore
import GateKitTestSupport
import Testing

@Suite("Tensor construction, indexing and shape")
struct TensorTests {
  @Test func storesShapeAndScalarsRowMajor() throws {
    let x = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(x.shape == [2, 3])
    #expect(x.rank == 2)
    #expect(x.scalarCount == 6)
    #expect(try x[0, 2] == 3)
    #expect(try x[1, 0] == 4)
  }

  @Test func rejectsScalarCountThatDoesNotMatchShape() {
    #expect(
      throws: GateKitError.invalidShape(
        operation: "Tensor(shape:scalars:)", shape: [2, 3],
        reason: "it holds 6 scalars but 5 were given")
    ) {
      try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5])
    }
  }

  @Test func rejectsNegativeDimensions() {
    #expect(
      throws: GateKitError.invalidShape(
        operation: "Tensor(repeating:shape:)", shape: [2, -1],
        reason: "dimensions cannot be negative")
    ) {
      try Tensor<Float>(zeros: [2, -1])
    }
  }

  @Test func rejectsShapesWhoseCountOverflows() {
    #expect(throws: GateKitError.self) { try Tensor<Float>(zeros: [Int.max, 2]) }
  }

  @Test func zeroSizedDimensionsHoldNoScalars() throws {
    let empty = try Tensor<Double>(zeros: [0, 4])
    #expect(empty.scalarCount == 0)
    #expect(empty.sum() == 0)
  }

  @Test func rowsBuildMatricesAndRejectRaggedRows() throws {
    let m = try Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
    #expect(m.shape == [3, 2])
    #expect(m.scalars == [1, 2, 3, 4, 5, 6])
    #expect(
      throws: GateKitError.invalidShape(
        operation: "Tensor(rows:)", shape: [2, 2], reason: "row 1 has 3 scalars, row 0 has 2")
    ) {
      try Tensor<Double>(rows: [[1, 2], [3, 4, 5]])
    }
  }

  @Test func literalsMakeScalarsAndVectors() {
    let scalar: Tensor<Double> = 33
    let fraction: Tensor<Float> = 0.5
    let vector: Tensor<Double> = [1, 2, 3]
    #expect(scalar.shape == [] && scalar.scalars == [33])
    #expect(fraction.scalars == [0.5])
    #expect(vector.shape == [3] && vector.scalars == [1, 2, 3])
  }

  @Test func indexingOutsideTheShapeThrows() throws {
    let x = try Tensor<Double>(zeros: [2, 2])
    #expect(
      throws: GateKitError.indexOutOfRange(
        operation: "Tensor.scalar(at:)", index: [2, 0], shape: [2, 2])
    ) {
      try x[2, 0]
    }
    #expect(throws: GateKitError.self) { try x[0] }
    var y = x
    try y.setScalar(7, at: [1, 1])
    #expect(y.scalars == [0, 0, 0, 7])
    #expect(x.scalars == [0, 0, 0, 0], "copy-on-write leaves the original unchanged")
    #expect(throws: GateKitError.self) { try y.setScalar(1, at: [-1, 0]) }
  }

  @Test func offsetsMapBackToIndices() throws {
    let x = try Tensor<Double>(zeros: [2, 3, 4])
    #expect(try x.indices(ofOffset: 0) == [0, 0, 0])
    #expect(try x.indices(ofOffset: 23) == [1, 2, 3])
    #expect(try x.indices(ofOffset: 13) == [1, 0, 1])
    #expect(throws: GateKitError.self) { try x.indices(ofOffset: 24) }
  }

  @Test func reshapeKeepsScalarsAndChecksCount() throws {
    let x = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let y = try x.reshaped(to: [3, 2])
    #expect(y.shape == [3, 2] && y.scalars == x.scalars)
    #expect(throws: GateKitError.self) { try x.reshaped(to: [4, 2]) }
  }

  @Test func transposeSwapsRowsAndColumns() throws {
    let x = try Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try x.transposed() == Tensor(rows: [[1, 4], [2, 5], [3, 6]]))
    #expect(throws: GateKitError.self) { try Tensor<Float>([1, 2]).transposed() }
  }

  @Test func broadcastRepeatsAlongNewAndUnitDimensions() throws {
    let row: Tensor<Double> = [1, 2, 3]
    #expect(try row.broadcast(to: [2, 3]) == Tensor(rows: [[1, 2, 3], [1, 2, 3]]))
    let column = try Tensor<Double>(shape: [2, 1], scalars: [7, 8])
    #expect(try column.broadcast(to: [2, 3]) == Tensor(rows: [[7, 7, 7], [8, 8, 8]]))
    #expect(throws: GateKitError.self) { try row.broadcast(to: [2, 4]) }
    // Whole copies along new leading dimensions, in Float and Double, odd counts included.
    for batch in [0, 1, 3, 5] {
      let tiled = try row.broadcast(to: [batch, 2, 3])
      #expect(tiled.shape == [batch, 2, 3])
      #expect(tiled.scalars == Array(repeating: [1, 2, 3], count: 2 * batch).flatMap { $0 })
      let bias = try Tensor<Float>([0.5, -1]).broadcast(to: [batch, 2])
      #expect(bias.scalars == Array(repeating: [0.5, -1], count: batch).flatMap { $0 })
    }
    #expect(try Tensor<Double>(4).broadcast(to: [3]) == [4, 4, 4])
    #expect(try Tensor<Double>(shape: [0], scalars: []).broadcast(to: [2, 0]).shape == [2, 0])
  }

  @Test func convertsBetweenScalarTypes() {
    let x: Tensor<Float> = [0.5, -1.25, 3]
    let y = Tensor<Double>(x)
    #expect(y.scalars == [0.5, -1.25, 3])
    #expect(Tensor<Float>(y) == x)
  }

  @Test func describesNestedAndLongTensors() throws {
    let x = try Tensor<Double>(rows: [[1, 2], [3, 4]])
    #expect(x.description == "[[1.0, 2.0], [3.0, 4.0]]")
    #expect(Tensor<Double>(2.5).description == "2.5")
    let long = Tensor<Float>((0..<10).map(Float.init))
    #expect(long.description == "[0.0, 1.0, 2.0, …, 7.0, 8.0, 9.0]")
  }

  @Test func mapAppliesAClosure() {
    let x: Tensor<Double> = [1, 2, 3]
    #expect(x.map { $0 * 10 } == [10, 20, 30])
  }

  @Test func mapWithPairsScalarsAndRequiresTheSameShape() throws {
    let a: Tensor<Double> = [3, 5]
    #expect(try a.map(with: [4, 12]) { ($0 * $0 + $1 * $1).squareRoot() } == [5, 13])
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Tensor.map(with:_:)", expected: "a tensor of shape [2]", actual: [3])
    ) { try a.map(with: [1, 2, 3], +) }
  }

  @Test func identityHasOnesOnTheDiagonal() throws {
    #expect(try Tensor<Double>.identity(3) == Tensor(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    #expect(try Tensor<Float>.identity(0).shape == [0, 0])
    #expect(throws: GateKitError.self) { try Tensor<Float>.identity(-1) }
    #expect(throws: GateKitError.self) { try Tensor<Float>.identity(1 << 20) }
  }

  @Test func withMutableScalarsWritesInPlaceAndKeepsCopiesApart() throws {
    var x = try Tensor<Double>(zeros: [2, 2])
    let before = x
    x.withMutableScalars { scalars in
      scalars[3] = 1
      scalars.sort(by: >)  // any MutableCollection algorithm, count fixed
    }
    #expect(x == (try Tensor(rows: [[1, 0], [0, 0]])))
    #expect(before == (try Tensor(zeros: [2, 2])))
    let total = x.withMutableScalars { scalars in scalars.reduce(0, +) }
    #expect(total == 1)
    struct Stop: Error {}
    #expect(throws: Stop.self) { try x.withMutableScalars { _ in throw Stop() } }
    #expect(x.scalarCount == 4)
  }
}
