extension Tensor {
  /// The sum of all scalars.
  ///
  /// - Returns: The sum.
  public func sum() -> Scalar {
    var total = Tensor(validShape: [], filledWith: 0, count: 1)
    total.accumulateReducedSum(of: self)
    return total.scalars[0]
  }

  /// The tensor summed down to `target`, a shape that broadcasts to this tensor's shape:
  /// the reverse of broadcasting, as the backward pass of a broadcasting gate needs it.
  ///
  /// ```swift
  /// let dy = try Tensor<Double>(rows: [[1, 2], [3, 4]])
  /// let db = try dy.sum(toShape: [2])  // column sums: [4, 6]
  /// ```
  ///
  /// - Parameter target: The shape to reduce to.
  /// - Returns: A tensor of shape `target`.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when `target`
  ///   does not broadcast to this tensor's shape.
  public func sum(toShape target: [Int]) throws -> Tensor {
    guard target != shape else { return self }
    var result = try Tensor(zeros: target)
    try result.accumulateSum(of: self)
    return result
  }

  /// Adds `source`, summed down to this tensor's shape, into this tensor (`self += Σ`).
  /// This tensor's shape must broadcast to the shape of `source`. Gates accumulate
  /// parameter gradients this way (a bias gradient gains the column sums of `dy`).
  ///
  /// - Parameters:
  ///   - source: The tensor to reduce and add.
  ///   - context: The gate or operation to name in the error.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when this
  ///   tensor's shape does not broadcast to the shape of `source`.
  @_specialize(where Scalar == Float)
  public mutating func accumulateSum(
    of source: Tensor, context: @autoclosure () -> String? = nil
  ) throws {
    guard BroadcastLayout.canBroadcast(shape, to: source.shape) else {
      throw GateKitError.shapeMismatch(
        operation: context() ?? "Tensor.accumulateSum(of:)",
        expected: "a tensor that \(format(shape)) broadcasts to", actual: source.shape)
    }
    accumulateReducedSum(of: source)
  }

  /// ``accumulateSum(of:context:)`` after the shapes have been checked.
  private mutating func accumulateReducedSum(of source: Tensor) {
    let strides = BroadcastLayout.strides(of: shape, broadcastTo: source.shape)
    withUnsafeMutableBufferPointer { result in
      source.withUnsafeBufferPointer { x in
        Scalar.accumulateSum(x, shape: source.shape, resultStrides: strides, into: result)
      }
    }
  }
}
