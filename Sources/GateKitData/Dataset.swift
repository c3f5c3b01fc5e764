import GateKitCore

/// Examples for training or evaluation: a feature matrix with one row per example and
/// the matching targets.
///
/// For classification the targets are class labels of shape `[n]` (integers stored as
/// scalars) and ``classCount`` is set; for regression they are a matrix `[n, outputs]`.
///
/// ```swift
/// let data = try Dataset(features: x, targets: labels, classCount: 10)
/// let (train, test) = try data.split(testIndices: indices)
/// ```
public struct Dataset<Scalar: TensorScalar>: Sendable {
  /// The features, `[n, features]`.
  public let features: Tensor<Scalar>
  /// The targets: labels `[n]` for classification, values `[n, outputs]` for regression.
  public let targets: Tensor<Scalar>
  /// The number of classes for classification, `nil` for regression.
  public let classCount: Int?

  /// A dataset, validated.
  ///
  /// - Parameters:
  ///   - features: A matrix with one row per example.
  ///   - targets: One label per example (`[n]`) or one row per example (`[n, outputs]`).
  ///   - classCount: The number of classes when the targets are labels.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` when the
  ///   shapes or example counts disagree,
  ///   ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a label outside
  ///   `0..<classCount` or a non-finite feature.
  public init(features: Tensor<Scalar>, targets: Tensor<Scalar>, classCount: Int? = nil) throws {
    guard features.rank == 2 else {
      throw GateKitError.shapeMismatch(
        operation: "Dataset", expected: "features of shape [examples, features]",
        actual: features.shape)
    }
    let n = features.shape[0]
    let expected = classCount == nil ? "targets of shape [\(n), outputs]" : "labels of shape [\(n)]"
    guard targets.shape.first == n, targets.rank == (classCount == nil ? 2 : 1) else {
      throw GateKitError.shapeMismatch(
        operation: "Dataset", expected: expected, actual: targets.shape)
    }
    if let classCount {
      guard classCount >= 1 else {
        throw GateKitError.invalidArgument(operation: "Dataset", reason: "classCount must be ≥ 1")
      }
      if let bad = targets.scalars.firstIndex(where: {
        let label = $0.doubleValue
        return label != label.rounded() || label < 0 || label >= Double(classCount)
      }) {
        throw GateKitError.invalidArgument(
          operation: "Dataset",
          reason: "label \(targets.scalars[bad]) of example \(bad) is not in 0..<\(classCount)")
      }
    }
    // A finite sum proves every feature finite (a NaN or an infinity would propagate), so
    // the element-wise search runs only to locate a bad value.
    if !features.sum().isFinite, let bad = features.scalars.firstIndex(where: { !$0.isFinite }) {
      throw GateKitError.invalidArgument(
        operation: "Dataset",
        reason:
          "feature \(bad % Swift.max(features.shape[1], 1)) of example \(bad / Swift.max(features.shape[1], 1)) is \(features.scalars[bad])"
      )
    }
    if classCount == nil, !targets.sum().isFinite,
      let bad = targets.scalars.firstIndex(where: { !$0.isFinite })
    {
      throw GateKitError.invalidArgument(
        operation: "Dataset",
        reason:
          "target \(bad % Swift.max(targets.shape[1], 1)) of example \(bad / Swift.max(targets.shape[1], 1)) is \(targets.scalars[bad])"
      )
    }
    self.features = features
    self.targets = targets
    self.classCount = classCount
  }

  /// The number of examples.
  public var count: Int { features.shape[0] }

  /// The number of features per example.
  public var featureCount: Int { features.shape[1] }

  /// The examples at the given indices, in that order.
  ///
  /// - Parameter indices: Example indices in `0..<count`.
  /// - Returns: The subset.
  /// - Throws: ``/GateKitCore/GateKitError/indexOutOfRange(operation:index:shape:)`` for a bad
  ///   index.
  public func subset(_ indices: [Int]) throws -> Dataset {
    try Dataset(
      checkedFeatures: features.gatherRows(indices), targets: targets.gatherRows(indices),
      classCount: classCount)
  }

  /// Splits into the examples at `testIndices` (the test set) and all the others, in their
  /// original order (the training set).
  ///
  /// - Parameter testIndices: Distinct example indices.
  /// - Returns: The training and test sets.
  /// - Throws: ``/GateKitCore/GateKitError/indexOutOfRange(operation:index:shape:)`` for a bad
  ///   index, ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a repeated one.
  public func split(testIndices: [Int]) throws -> (train: Dataset, test: Dataset) {
    let testSet = Set(testIndices)
    guard testSet.count == testIndices.count else {
      throw GateKitError.invalidArgument(operation: "Dataset.split", reason: "test indices repeat")
    }
    let trainIndices = (0..<count).filter { !testSet.contains($0) }
    return (try subset(trainIndices), try subset(testIndices))
  }

  /// The same examples with the features replaced (for example standardized).
  ///
  /// - Parameter features: A matrix with the same number of rows.
  /// - Returns: The dataset with the new features.
  /// - Throws: As ``init(features:targets:classCount:)``.
  public func replacingFeatures(_ features: Tensor<Scalar>) throws -> Dataset {
    try Dataset(features: features, targets: targets, classCount: classCount)
  }

  /// A dataset whose parts were validated by their source.
  init(checkedFeatures features: Tensor<Scalar>, targets: Tensor<Scalar>, classCount: Int?) {
    self.features = features
    self.targets = targets
    self.classCount = classCount
  }
}
