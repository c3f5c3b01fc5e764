import GateKitCore

/// Integer class labels carried in a tensor of shape `[batch]`, validated against the
/// number of classes.
struct ClassLabels: Sendable {
  /// One class index per example.
  let indices: [Int]

  /// Reads the labels, throwing unless each is an integer in `0..<classes`.
  init<Scalar>(_ target: Tensor<Scalar>, batch: Int, classes: Int, loss: String) throws {
    guard target.shape == [batch] else {
      throw GateKitError.shapeMismatch(
        operation: loss,
        expected: "integer labels of shape [\(batch)] or probabilities [\(batch), \(classes)]",
        actual: target.shape)
    }
    indices = try target.scalars.enumerated().map { example, value in
      let label = value.doubleValue
      guard label == label.rounded(), label >= 0, label < Double(classes) else {
        throw GateKitError.invalidArgument(
          operation: loss,
          reason: "label \(label) of example \(example) is not a class index in 0..<\(classes)")
      }
      return Int(label)
    }
  }

  /// A `[batch, classes]` tensor with `value` at each example's label and 0 elsewhere.
  func oneHot<Scalar: TensorScalar>(classes: Int, value: Scalar = 1) throws -> Tensor<Scalar> {
    var result = try Tensor<Scalar>(zeros: [indices.count, classes])
    result.withUnsafeMutableBufferPointer { buffer in
      for (row, label) in indices.enumerated() { buffer[row * classes + label] = value }
    }
    return result
  }

  /// `Σᵢ x[i, labelᵢ]`: the entries of a `[batch, classes]` matrix at the labels, summed.
  func sum<Scalar: TensorScalar>(pickedFrom x: Tensor<Scalar>, classes: Int) -> Scalar {
    x.withUnsafeBufferPointer { buffer in
      indices.enumerated().reduce(0) { $0 + buffer[$1.offset * classes + $1.element] }
    }
  }
}
