import Foundation
import GateKitCore
import GateKitData
import Testing

/// Inputs that once crashed or misbehaved, kept as tests.
@Suite("Data regressions")
struct DataRegressionTests {
  /// A label of 1e20 used to crash converting the class count to `Int`.
  @Test func aHugeLabelIsAnErrorNotACrash() throws {
    let table = try CSVTable(parsing: "a,label\n1,1e20\n", source: "huge.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "huge.csv", location: "line 2, column 2 (label)",
        reason: "label 1e+20 is not a class index")
    ) {
      let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
    }
  }

  @Test func aLabelOutOfRangeNamesTheFileAndLine() throws {
    let table = try CSVTable(parsing: "a,label\n1,0\n2,3\n", source: "small.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "small.csv", location: "line 3, column 2 (label)",
        reason: "label 3.0 is not a class index in 0..<3")
    ) {
      let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label", classCount: 3)
    }
  }

  /// Images of 0 × 4294967295 × 4294967295 used to overflow when flattened.
  @Test func anImageSizeThatOverflowsIsAnErrorNotACrash() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gatekit-overflow-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]
    let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 0]
    for prefix in ["train", "t10k"] {
      try Data(images).write(to: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
      try Data(labels).write(to: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
    }
    #expect(throws: GateKitError.self) {
      let _: (Dataset<Float>, Dataset<Float>) = try MNIST.load(from: directory)
    }
  }

  @Test func nonFiniteRegressionTargetsAreRejected() throws {
    let features = try Tensor<Double>(rows: [[1], [2]])
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Dataset", reason: "target 1 of example 1 is inf")
    ) {
      try Dataset(features: features, targets: try Tensor(rows: [[0, 1], [2, .infinity]]))
    }
  }

  @Test func aRejectedBatchSizeLeavesTheGeneratorUnchanged() throws {
    let data = try Dataset<Double>(
      features: try Tensor(rows: [[1], [2]]), targets: [0, 1], classCount: 2)
    var generator = SeededGenerator(seed: 3)
    #expect(throws: GateKitError.self) { try data.minibatches(size: 0, using: &generator) }
    #expect(generator == SeededGenerator(seed: 3))
  }
}
