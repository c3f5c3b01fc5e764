import GateKitCore
import GateKitData
import Testing

/// A dataset built from parts that must be rejected, and the exact error.
struct InvalidDataset: Sendable, CustomTestStringConvertible {
  let name: String
  let features: Tensor<Double>
  let targets: Tensor<Double>
  let classCount: Int?
  let error: GateKitError
  var testDescription: String { name }
}

/// Five examples, two features (`10·i` and `10·i + 1`), labels `[2, 0, 1, 2, 0]` of 3 classes.
private func fiveExamples() throws -> Dataset<Double> {
  try Dataset(
    features: Tensor(
      shape: [5, 2], scalars: (0..<5).flatMap { [10.0 * Double($0), 10 * Double($0) + 1] }),
    targets: [2, 0, 1, 2, 0], classCount: 3)
}

@Suite("Datasets")
struct DatasetTests {
  // MARK: Validation

  @Test func validClassificationSetExposesItsCounts() throws {
    let data = try fiveExamples()
    #expect(data.count == 5)
    #expect(data.featureCount == 2)
    #expect(data.classCount == 3)
    #expect(data.labels == [2, 0, 1, 2, 0])
  }

  @Test func validRegressionSetHasNoClassesAndNoLabels() throws {
    let data = try Dataset<Float>(
      features: Tensor(rows: [[1], [2], [3]]),
      targets: Tensor(rows: [[1, -1], [2, -2], [3, -3]]))
    #expect(data.count == 3)
    #expect(data.featureCount == 1)
    #expect(data.classCount == nil)
    #expect(data.labels.isEmpty)
  }

  static func invalidDatasets() throws -> [InvalidDataset] {
    let matrix = try Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
    return [
      InvalidDataset(
        name: "features a vector", features: [1, 2, 3], targets: [0, 1, 0], classCount: 2,
        error: .shapeMismatch(
          operation: "Dataset", expected: "features of shape [examples, features]", actual: [3])),
      InvalidDataset(
        name: "features of rank 3", features: try Tensor(zeros: [3, 1, 2]), targets: [0, 1, 0],
        classCount: 2,
        error: .shapeMismatch(
          operation: "Dataset", expected: "features of shape [examples, features]",
          actual: [3, 1, 2])),
      InvalidDataset(
        name: "fewer labels than examples", features: matrix, targets: [0, 1], classCount: 2,
        error: .shapeMismatch(operation: "Dataset", expected: "labels of shape [3]", actual: [2])),
      InvalidDataset(
        name: "labels as a column matrix", features: matrix,
        targets: try Tensor(rows: [[0], [1], [0]]), classCount: 2,
        error: .shapeMismatch(
          operation: "Dataset", expected: "labels of shape [3]", actual: [3, 1])),
      InvalidDataset(
        name: "regression targets a vector", features: matrix, targets: [0.5, 1, 2],
        classCount: nil,
        error: .shapeMismatch(
          operation: "Dataset", expected: "targets of shape [3, outputs]", actual: [3])),
      InvalidDataset(
        name: "more regression rows than examples", features: matrix,
        targets: try Tensor(zeros: [4, 2]), classCount: nil,
        error: .shapeMismatch(
          operation: "Dataset", expected: "targets of shape [3, outputs]", actual: [4, 2])),
      InvalidDataset(
        name: "negative label", features: matrix, targets: [0, -1, 2], classCount: 3,
        error: .invalidArgument(
          operation: "Dataset", reason: "label -1.0 of example 1 is not in 0..<3")),
      InvalidDataset(
        name: "non-integer label", features: matrix, targets: [0, 1, 1.5], classCount: 3,
        error: .invalidArgument(
          operation: "Dataset", reason: "label 1.5 of example 2 is not in 0..<3")),
      InvalidDataset(
        name: "label equal to classCount", features: matrix, targets: [3, 1, 2], classCount: 3,
        error: .invalidArgument(
          operation: "Dataset", reason: "label 3.0 of example 0 is not in 0..<3")),
      InvalidDataset(
        name: "NaN label", features: matrix, targets: [0, .nan, 1], classCount: 3,
        error: .invalidArgument(
          operation: "Dataset", reason: "label nan of example 1 is not in 0..<3")),
      InvalidDataset(
        name: "zero classes", features: matrix, targets: [0, 0, 0], classCount: 0,
        error: .invalidArgument(operation: "Dataset", reason: "classCount must be ≥ 1")),
    ]
  }

  @Test("Inconsistent shapes and bad labels are rejected", arguments: try invalidDatasets())
  func invalidDatasetIsRejected(_ example: InvalidDataset) {
    #expect(throws: example.error) {
      try Dataset(
        features: example.features, targets: example.targets, classCount: example.classCount)
    }
  }

  @Test(
    "A non-finite feature is rejected naming its example and feature",
    arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteFeatureIsRejected(value: Double) throws {
    var scalars = [Double](repeating: 1, count: 12)
    scalars[1 * 4 + 2] = value  // example 1, feature 2 of a [3, 4] matrix
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Dataset", reason: "feature 2 of example 1 is \(value)")
    ) {
      try Dataset(
        features: Tensor(shape: [3, 4], scalars: scalars), targets: [0, 1, 0], classCount: 2)
    }
  }

  @Test func largeFiniteFeaturesWhoseSumOverflowsAreAccepted() throws {
    // The sum overflows to infinity in Float, but every feature is finite.
    let huge = Float.greatestFiniteMagnitude
    let data = try Dataset<Float>(
      features: Tensor(rows: [[huge, huge], [huge, 1]]), targets: [0, 1], classCount: 2)
    #expect(data.features.scalars == [huge, huge, huge, 1])
  }

  // MARK: Subsets and splits

  @Test func subsetTakesTheExamplesInTheGivenOrder() throws {
    let data = try fiveExamples()
    let subset = try data.subset([4, 1, 3])
    #expect(subset.features == (try Tensor(rows: [[40, 41], [10, 11], [30, 31]])))
    #expect(subset.labels == [0, 0, 2])
    #expect(subset.classCount == 3)
    #expect(try data.subset([]).count == 0)
  }

  @Test("A subset index outside the examples is rejected", arguments: [5, -1])
  func subsetRejectsBadIndex(index: Int) throws {
    let data = try fiveExamples()
    #expect(
      throws: GateKitError.indexOutOfRange(
        operation: "Tensor.gatherRows", index: [index], shape: [5, 2])
    ) {
      try data.subset([0, index])
    }
  }

  @Test func splitKeepsTestOrderAndTrainFileOrder() throws {
    let data = try fiveExamples()
    let (train, test) = try data.split(testIndices: [3, 0])
    #expect(test.features == (try Tensor(rows: [[30, 31], [0, 1]])))
    #expect(test.labels == [2, 2])
    #expect(train.features == (try Tensor(rows: [[10, 11], [20, 21], [40, 41]])))
    #expect(train.labels == [0, 1, 0])
    #expect(train.classCount == 3)
    #expect(test.classCount == 3)
  }

  @Test func splitWithNoTestIndicesKeepsEverythingForTraining() throws {
    let data = try fiveExamples()
    let (train, test) = try data.split(testIndices: [])
    #expect(train.features == data.features)
    #expect(train.targets == data.targets)
    #expect(test.count == 0)
  }

  @Test func splitRejectsRepeatedIndices() throws {
    let data = try fiveExamples()
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Dataset.split", reason: "test indices repeat")
    ) {
      try data.split(testIndices: [1, 3, 1])
    }
  }

  @Test("A split index outside the examples is rejected", arguments: [5, 99, -1])
  func splitRejectsOutOfRange(index: Int) throws {
    let data = try fiveExamples()
    #expect(
      throws: GateKitError.indexOutOfRange(
        operation: "Tensor.gatherRows", index: [index], shape: [5, 2])
    ) {
      try data.split(testIndices: [0, index])
    }
  }

  // MARK: Replacing features

  @Test func replacingFeaturesKeepsTheTargets() throws {
    let data = try fiveExamples()
    let replaced = try data.replacingFeatures(try Tensor(zeros: [5, 7]))
    #expect(replaced.featureCount == 7)
    #expect(replaced.targets == data.targets)
    #expect(replaced.classCount == 3)
  }

  @Test func replacingFeaturesRevalidates() throws {
    let data = try fiveExamples()
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Dataset", expected: "labels of shape [4]", actual: [5])
    ) {
      try data.replacingFeatures(try Tensor(zeros: [4, 2]))
    }
    var scalars = [Double](repeating: 0, count: 10)
    scalars[9] = .nan
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Dataset", reason: "feature 1 of example 4 is nan")
    ) {
      try data.replacingFeatures(try Tensor(shape: [5, 2], scalars: scalars))
    }
  }

  // MARK: Labels

  @Test func oneHotTargetsHaveAOneInEachLabelsColumn() throws {
    let data = try Dataset<Float>(
      features: Tensor(zeros: [4, 1]), targets: [2, 0, 3, 2], classCount: 4)
    let expected = try Tensor<Float>(rows: [
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ])
    #expect(try data.oneHotTargets() == expected)
    #expect(data.labels == [2, 0, 3, 2])
  }

  @Test func regressionSetHasNoOneHotTargets() throws {
    let data = try Dataset<Double>(
      features: Tensor(rows: [[1], [2]]), targets: Tensor(rows: [[0.5], [0.25]]))
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Dataset.oneHotTargets", reason: "the dataset has no class labels")
    ) {
      try data.oneHotTargets()
    }
  }
}
