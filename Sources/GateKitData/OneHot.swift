import GateKitCore

extension Dataset {
  /// The labels as one-hot rows: `[n, classCount]` with a 1 in each example's class
  /// column, for losses that compare probability vectors (such as the squared error).
  ///
  /// - Returns: The one-hot targets.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a regression
  ///   set.
  public func oneHotTargets() throws -> Tensor<Scalar> {
    guard let classCount else {
      throw GateKitError.invalidArgument(
        operation: "Dataset.oneHotTargets", reason: "the dataset has no class labels")
    }
    var result = try Tensor<Scalar>(zeros: [count, classCount])
    result.withUnsafeMutableBufferPointer { buffer in
      for (row, label) in labels.enumerated() { buffer[row * classCount + label] = 1 }
    }
    return result
  }

  /// The class labels as integers (empty for a regression set).
  public var labels: [Int] {
    classCount == nil ? [] : targets.scalars.map { Int($0.doubleValue) }
  }
}
