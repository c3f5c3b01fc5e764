import GateKitCore
import GateKitGates
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitCore: every row is a bad input to a public entry point that must
// throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same rows;
// the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad inputs to `Tensor` construction and operations (GateKitCore).
let tensorBadInputs: [BadInput] = [
  BadInput(
    "Tensor(shape:scalars:)", "a negative dimension", "invalidShape",
    ["Tensor(shape:scalars:)", "[2, -1]", "negative"]
  ) { _ = try Tensor<Double>(shape: [2, -1], scalars: []) },
  BadInput(
    "Tensor(shape:scalars:)", "5 scalars for shape [2, 3]", "invalidShape",
    ["Tensor(shape:scalars:)", "[2, 3]", "6 scalars", "5 were given"]
  ) { _ = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) },
  BadInput(
    "Tensor(zeros:)", "a shape whose product overflows Int ([Int.max, 2])", "invalidShape",
    ["Tensor(repeating:shape:)", "[\(Int.max), 2]", "too many scalars"]
  ) { _ = try Tensor<Double>(zeros: [Int.max, 2]) },
  BadInput(
    "Tensor(zeros:)", "more scalars than the limit (2⁴⁰)", "invalidShape",
    ["Tensor(repeating:shape:)", "[1099511627776]", "more than the limit of 2147483648"]
  ) { _ = try Tensor<Float>(zeros: [1 << 40]) },
  BadInput(
    "matmul", "an empty product whose result would overflow ([Int.max, 0] × [0, 2])",
    "invalidShape", ["matmul", "[\(Int.max), 2]", "too many scalars"]
  ) { _ = try matmul(Tensor<Double>(zeros: [Int.max, 0]), Tensor<Double>(zeros: [0, 2])) },

  BadInput(
    "Tensor(repeating:shape:)", "a negative dimension", "invalidShape",
    ["Tensor(repeating:shape:)", "[-3]", "negative"]
  ) { _ = try Tensor<Double>(repeating: 1, shape: [-3]) },
  BadInput(
    "Tensor(shape:unsafeUninitializedScalarsWith:)", "an overflowing shape", "invalidShape",
    ["Tensor(shape:)", "too many scalars"]
  ) { _ = try Tensor<Float>(shape: [1 << 62, 1 << 62]) { _ in } },
  BadInput(
    "Tensor(rows:)", "ragged rows", "invalidShape",
    ["Tensor(rows:)", "row 1 has 1 scalars, row 0 has 2"]
  ) { _ = try Tensor<Double>(rows: [[1, 2], [3]]) },
  BadInput(
    "Tensor.uniform", "low > high", "invalidArgument", ["Tensor.uniform", "low ≤ high"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.uniform(shape: [2], low: 1, high: 0, using: &generator)
  },
  BadInput(
    "Tensor.uniform", "an infinite bound", "invalidArgument", ["Tensor.uniform", "inf"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.uniform(shape: [2], low: 0, high: .infinity, using: &generator)
  },
  BadInput(
    "Tensor.normal", "a negative standard deviation", "invalidArgument",
    ["Tensor.normal", "-1.0"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.normal(shape: [2], standardDeviation: -1, using: &generator)
  },
  BadInput(
    "Tensor.normal", "a NaN mean", "invalidArgument", ["Tensor.normal", "nan"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.normal(shape: [2], mean: .nan, using: &generator)
  },
  BadInput(
    "Tensor + Tensor", "shapes that do not broadcast", "incompatibleShapes",
    ["[2, 3]", "[4]", "do not broadcast"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]) + Tensor(zeros: [4]) },
  BadInput(
    "Tensor += Tensor", "a right side that broadcasts to a larger shape", "shapeMismatch",
    ["[3]", "[2, 3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x += Tensor(zeros: [2, 3])
  },
  BadInput(
    "matmul", "inner dimensions that differ", "shapeMismatch", ["matmul", "[2, 3]", "[4, 5]"]
  ) { _ = try matmul(Tensor<Double>(zeros: [2, 3]), Tensor(zeros: [4, 5])) },
  BadInput(
    "matmul", "a vector operand", "shapeMismatch", ["matmul", "rank 2", "[3]"]
  ) { _ = try matmul(Tensor<Double>([1, 2, 3]), Tensor(zeros: [3, 1])) },
  BadInput(
    "Tensor.addMatmul", "an accumulator of the wrong shape", "shapeMismatch",
    ["addMatmul", "[2, 5]", "[2, 4]"]
  ) {
    var c = try Tensor<Double>(zeros: [2, 4])
    try c.addMatmul(Tensor(zeros: [2, 3]), Tensor(zeros: [3, 5]))
  },
  BadInput(
    "Tensor.reshaped(to:)", "a different scalar count", "invalidShape",
    ["Tensor.reshaped(to:)", "[4]", "[2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).reshaped(to: [4]) },
  BadInput(
    "Tensor.reshaped(to:)", "an overflowing shape", "invalidShape",
    ["Tensor.reshaped(to:)", "too many scalars"]
  ) { _ = try Tensor<Double>(zeros: [0]).reshaped(to: [Int.max, 2, 0, 3]) },
  BadInput(
    "Tensor.transposed()", "a rank-3 tensor", "shapeMismatch",
    ["Tensor.transposed()", "[1, 2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [1, 2, 3]).transposed() },
  BadInput(
    "Tensor.broadcast(to:)", "a shape that does not broadcast", "shapeMismatch",
    ["Tensor.broadcast(to: [2, 4])", "[3]"]
  ) { _ = try Tensor<Double>([1, 2, 3]).broadcast(to: [2, 4]) },
  BadInput(
    "Tensor.sum(toShape:)", "a target the tensor does not reduce to", "shapeMismatch",
    ["[4]", "[2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).sum(toShape: [4]) },
  BadInput(
    "Tensor subscript", "an index outside the shape", "indexOutOfRange",
    ["Tensor.scalar(at:)", "[2, 0]", "[2, 2]"]
  ) { _ = try Tensor<Double>(zeros: [2, 2])[2, 0] },
  BadInput(
    "Tensor.scalar(at:)", "too few indices", "indexOutOfRange",
    ["Tensor.scalar(at:)", "[1]", "[2, 2]"]
  ) { _ = try Tensor<Double>(zeros: [2, 2]).scalar(at: [1]) },
  BadInput(
    "Tensor.setScalar(_:at:)", "a negative index", "indexOutOfRange",
    ["Tensor.setScalar(_:at:)", "[-1]", "[3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x.setScalar(0, at: [-1])
  },
  BadInput(
    "Tensor.indices(ofOffset:)", "an offset past the end", "indexOutOfRange",
    ["Tensor.indices(ofOffset:)", "[6]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).indices(ofOffset: 6) },
  BadInput(
    "Tensor.gatherRows", "a row index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[5]", "[3, 2]"]
  ) { _ = try Tensor<Double>(zeros: [3, 2]).gatherRows([0, 5]) },
  BadInput(
    "Tensor.gatherRows", "a rank-0 tensor", "shapeMismatch", ["Tensor.gatherRows", "rank ≥ 1"]
  ) { _ = try Tensor<Double>(1).gatherRows([0]) },
  BadInput(
    "Tensor.argmaxRows", "a matrix without columns", "shapeMismatch",
    ["Tensor.argmaxRows", "[3, 0]"]
  ) { _ = try Tensor<Double>(zeros: [3, 0]).argmaxRows() },
  BadInput(
    "Tensor.logSoftmaxRows", "a vector", "shapeMismatch", ["Tensor.logSoftmaxRows", "[3]"]
  ) { _ = try Tensor<Double>([1, 2, 3]).logSoftmaxRows() },
  BadInput(
    "Tensor.addScaled", "another shape", "shapeMismatch", ["Tensor.addScaled", "[2]", "[3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x.addScaled(Tensor([1, 2]), by: 2)
  },
  BadInput(
    "Gate.parameter(at:)", "an unknown path", "unknownParameter", ["'nonsense'"]
  ) { _ = try Fixture.dense().parameter(at: "nonsense") },
  BadInput(
    "Gate.copyParameters(from:)", "a source with other shapes", "shapeMismatch",
    ["copyParameters: weight", "[3, 2]", "[4, 2]"]
  ) {
    var target = try Fixture.dense()
    try target.copyParameters(from: Fixture.dense(4, 2))
  },
  BadInput(
    "Gate.copyParameters(from:)", "a source without the parameters", "missingParameter",
    ["'weight'"]
  ) {
    var target = try Fixture.dense()
    try target.copyParameters(from: ReLU<Double>())
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: tensors")
struct ErrorCatalogTests {
  @Test(arguments: tensorBadInputs)
  func tensor(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitCore", test: "ErrorCatalogTests.tensor")
  }
}

@Suite("Shapes at the edge of Int")
struct EdgeShapeTests {
  /// An empty tensor with rows of `Int.max × 2` elements gathers zero rows (it used to
  /// overflow counting one row).
  @Test func gatheringNoRowsOfAnEmptyTensorIsEmpty() throws {
    let gathered = try Tensor<Double>(zeros: [0, Int.max, 2]).gatherRows([])
    #expect(gathered.shape == [0, Int.max, 2] && gathered.scalarCount == 0)
  }
}
