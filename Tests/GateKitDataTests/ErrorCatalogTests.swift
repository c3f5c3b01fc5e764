import Foundation
import GateKitCore
import GateKitData
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitData: every row is a bad input to a public entry point that must
// throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same rows;
// the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad data (GateKitData).
let dataBadInputs: [BadInput] = [
  BadInput(
    "Dataset(features:targets:)", "features that are not a matrix", "shapeMismatch",
    ["Dataset", "[examples, features]", "[4]"]
  ) { _ = try Dataset(features: Tensor<Double>([1, 2, 3, 4]), targets: Tensor(zeros: [4, 1])) },
  BadInput(
    "Dataset(features:targets:)", "mismatched example counts", "shapeMismatch",
    ["Dataset", "targets of shape [4, outputs]", "[3, 1]"]
  ) { _ = try Dataset(features: Tensor<Double>(zeros: [4, 2]), targets: Tensor(zeros: [3, 1])) },
  BadInput(
    "Dataset(features:targets:classCount:)", "mismatched label count", "shapeMismatch",
    ["Dataset", "labels of shape [4]", "[3]"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [4, 2]), targets: Tensor([0, 1, 0]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "a label out of range", "invalidArgument",
    ["Dataset", "label 2.0 of example 1", "0..<2"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([0, 2]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "a negative label", "invalidArgument",
    ["Dataset", "label -1.0 of example 0"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([-1, 0]), classCount: 2)
  },
  BadInput(
    "Dataset(features:targets:classCount:)", "zero classes", "invalidArgument",
    ["Dataset", "classCount must be ≥ 1"]
  ) {
    _ = try Dataset(features: Tensor<Double>(zeros: [0, 2]), targets: Tensor([]), classCount: 0)
  },
  BadInput(
    "Dataset(features:targets:)", "a NaN feature", "invalidArgument",
    ["Dataset", "feature 1 of example 1 is nan"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(rows: [[1, 2], [3, .nan]]), targets: Tensor(zeros: [2, 1]))
  },
  BadInput(
    "Dataset(features:targets:)", "an infinite target", "invalidArgument",
    ["Dataset", "target 0 of example 0 is inf"]
  ) {
    _ = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(rows: [[.infinity], [0]]))
  },
  BadInput(
    "Dataset.subset", "an index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[9]", "[6, 2]"]
  ) { _ = try Fixture.labelled().subset([0, 9]) },
  BadInput(
    "Dataset.split(testIndices:)", "repeated test indices", "invalidArgument",
    ["Dataset.split", "repeat"]
  ) { _ = try Fixture.labelled().split(testIndices: [1, 1]) },
  BadInput(
    "Dataset.split(testIndices:)", "a test index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[-1]"]
  ) { _ = try Fixture.labelled().split(testIndices: [-1]) },
  BadInput(
    "Dataset.replacingFeatures", "features for another example count", "shapeMismatch",
    ["Dataset", "labels of shape [2]", "[6]"]
  ) { _ = try Fixture.labelled().replacingFeatures(Tensor(zeros: [2, 2])) },
  BadInput(
    "Dataset.minibatches(size:)", "a zero batch size", "invalidArgument",
    ["Dataset.minibatches", "batch size must be ≥ 1, got 0"]
  ) { _ = try Fixture.labelled().minibatches(size: 0) },
  BadInput(
    "Dataset.minibatches(size:using:)", "a negative batch size", "invalidArgument",
    ["Dataset.minibatches", "got -4"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Fixture.labelled().minibatches(size: -4, using: &generator)
  },
  BadInput(
    "Dataset.oneHotTargets", "a regression dataset", "invalidArgument",
    ["Dataset.oneHotTargets", "no class labels"]
  ) {
    _ = try Dataset(features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(zeros: [2, 1]))
      .oneHotTargets()
  },
  BadInput(
    "Standardizer(fitting:)", "no examples", "shapeMismatch",
    ["Standardizer", "non-empty matrix", "[0, 3]"]
  ) { _ = try Standardizer(fitting: Tensor<Double>(zeros: [0, 3])) },
  BadInput(
    "Standardizer(fitting:)", "a NaN feature", "nonFinite",
    ["Standardizer(fitting:)", "feature 1 of example 0"]
  ) { _ = try Standardizer(fitting: Tensor<Double>(rows: [[1, .nan], [2, 3]])) },
  BadInput(
    "Standardizer(mean:standardDeviation:)", "a zero deviation", "invalidArgument",
    ["Standardizer", "feature 1", "0.0"]
  ) { _ = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 0])) },
  BadInput(
    "Standardizer(mean:standardDeviation:)", "mismatched lengths", "shapeMismatch",
    ["Standardizer", "[2]", "[3]"]
  ) { _ = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 1, 1])) },
  BadInput(
    "Standardizer.transform", "another feature count", "shapeMismatch",
    ["Standardizer.transform", "[examples, 2]", "[4, 3]"]
  ) {
    let scaler = try Standardizer(mean: Tensor<Double>([0, 0]), standardDeviation: Tensor([1, 1]))
    _ = try scaler.transform(Tensor(zeros: [4, 3]))
  },
  BadInput(
    "CSVTable(parsing:source:)", "a non-numeric cell", "malformedData", ["table.csv", "line 2"]
  ) { _ = try CSVTable(parsing: "a,b\n1,x\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a row with too few cells", "malformedData",
    ["table.csv", "line 3"]
  ) { _ = try CSVTable(parsing: "a,b\n1,2\n3\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a NaN cell", "malformedData",
    ["table.csv", "line 2, column 1 (a)", "not a finite number"]
  ) { _ = try CSVTable(parsing: "a,b\nnan,1\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a number beyond Double", "malformedData",
    ["table.csv", "1e400", "beyond the range of a Double"]
  ) { _ = try CSVTable(parsing: "a,b\n1e400,1\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "two columns of one name", "malformedData",
    ["table.csv", "line 1, column 2", "also the name of column 1"]
  ) { _ = try CSVTable(parsing: "a,a\n1,2\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "an empty line between rows", "malformedData",
    ["table.csv", "line 3", "empty lines are allowed only at the end"]
  ) { _ = try CSVTable(parsing: "a,b\n1,2\n\n3,4\n", source: "table.csv") },
  BadInput(
    "CSVTable(parsing:source:)", "a first line of numbers (no header)", "malformedData",
    ["table.csv", "line 1", "the header line is missing"]
  ) { _ = try CSVTable(parsing: "1,2\n3,4\n", source: "table.csv") },
  BadInput(
    "CSVTable.classificationDataset", "a header and no rows", "malformedData",
    ["table.csv", "no data rows"]
  ) {
    let table = try CSVTable(parsing: "a,label\n", source: "table.csv")
    let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "CSVTable.classificationDataset", "a value beyond Float for a Float dataset",
    "malformedData", ["table.csv", "line 2, column 1 (a)", "beyond the range of Float"]
  ) {
    let table = try CSVTable(parsing: "a,label\n1e39,0\n", source: "table.csv")
    let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "CSVRowReader.nextRow(into:)", "a ragged row", "malformedData",
    ["table.csv", "line 2", "expected 2 fields"]
  ) {
    let reader = try CSVRowReader(parsing: "a,b\n1,2,3\n", source: "table.csv")
    _ = try reader.nextRow()
  },
  BadInput(
    "CSVTable.classificationDataset", "an unknown label column", "invalidArgument",
    ["label"]
  ) {
    let table = try CSVTable(parsing: "a,b\n1,2\n", source: "table.csv")
    let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
  },
  BadInput(
    "IDXArray(parsing:source:)", "a truncated header", "malformedData", ["images.idx"]
  ) { _ = try IDXArray(parsing: [0, 0, 8], source: "images.idx") },
  BadInput(
    "MNIST.load(from:)", "a directory without IDX files", "malformedData", ["train-images"]
  ) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gatekit-error-catalog-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: directory)
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func labelled(count: Int = 6) throws -> Dataset<Double> {
    let features = try Tensor<Double>(
      shape: [count, 2], scalars: (0..<(2 * count)).map { Double($0) / 10 })
    return try Dataset(
      features: features, targets: Tensor((0..<count).map { Double($0 % 3) }), classCount: 3)
  }
}

@Suite("Error catalog: data")
struct ErrorCatalogTests {
  @Test(arguments: dataBadInputs)
  func data(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitData", test: "ErrorCatalogTests.data")
  }

  /// A batch size larger than any dataset (up to `Int.max`) is one batch, not an overflow.
  @Test func hugeBatchSizeIsOneBatch() throws {
    let batches = try Fixture.labelled().minibatches(size: Int.max)
    #expect(batches.count == 1)
    #expect(Array(batches).map(\.count) == [6])
  }

}
