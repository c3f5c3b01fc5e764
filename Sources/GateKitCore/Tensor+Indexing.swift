extension Tensor {
  /// The scalar at a multi-dimensional index.
  ///
  /// ```swift
  /// let x = try Tensor<Double>(rows: [[1, 2], [3, 4]])
  /// let value = try x[1, 0]  // 3
  /// ```
  ///
  /// - Parameter indices: One index per dimension.
  /// - Throws: ``GateKitError/indexOutOfRange(operation:index:shape:)`` for an index
  ///   outside the shape.
  public subscript(indices: Int...) -> Scalar {
    get throws { try scalar(at: indices) }
  }

  /// The scalar at a multi-dimensional index.
  ///
  /// - Parameter indices: One index per dimension.
  /// - Returns: The scalar.
  /// - Throws: ``GateKitError/indexOutOfRange(operation:index:shape:)`` for an index
  ///   outside the shape.
  public func scalar(at indices: [Int]) throws -> Scalar {
    scalars[try offset(of: indices, operation: "Tensor.scalar(at:)")]
  }

  /// Replaces the scalar at a multi-dimensional index.
  ///
  /// - Parameters:
  ///   - value: The new value.
  ///   - indices: One index per dimension.
  /// - Throws: ``GateKitError/indexOutOfRange(operation:index:shape:)`` for an index
  ///   outside the shape.
  public mutating func setScalar(_ value: Scalar, at indices: [Int]) throws {
    scalars[try offset(of: indices, operation: "Tensor.setScalar(_:at:)")] = value
  }

  /// Calls `body` with the scalars in row-major order to read and change them in place,
  /// without unsafe pointers (copying them first only if they are shared with another
  /// tensor). The collection has the tensor's fixed count: elements can be set, not added.
  ///
  /// ```swift
  /// var x = try Tensor<Double>(zeros: [2, 2])
  /// x.withMutableScalars { scalars in scalars[3] = 1 }  // x[1, 1] is now 1
  /// ```
  ///
  /// - Parameter body: Reads and writes the scalars.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws.
  public mutating func withMutableScalars<Result>(
    _ body: (inout MutableScalars) throws -> Result
  ) rethrows -> Result {
    var view = MutableScalars(storage: scalars)
    scalars = []  // so that `view` holds the only reference and writes in place
    defer { scalars = view.storage }
    return try body(&view)
  }

  /// The multi-dimensional index of the scalar at a row-major offset.
  ///
  /// - Parameter offset: A position in ``scalars``.
  /// - Returns: One index per dimension.
  /// - Throws: ``GateKitError/indexOutOfRange(operation:index:shape:)`` for an offset
  ///   outside the tensor.
  public func indices(ofOffset offset: Int) throws -> [Int] {
    guard scalars.indices.contains(offset) else {
      throw GateKitError.indexOutOfRange(
        operation: "Tensor.indices(ofOffset:)", index: [offset], shape: [scalarCount])
    }
    var remainder = offset
    var result = [Int](repeating: 0, count: rank)
    for axis in shape.indices.reversed() {
      result[axis] = remainder % shape[axis]
      remainder /= shape[axis]
    }
    return result
  }

  private func offset(of indices: [Int], operation: String) throws -> Int {
    guard indices.count == rank,
      zip(indices, shape).allSatisfy({ index, size in index >= 0 && index < size })
    else {
      throw GateKitError.indexOutOfRange(operation: operation, index: indices, shape: shape)
    }
    return zip(indices, BroadcastLayout.contiguousStrides(of: shape)).reduce(0) { $0 + $1.0 * $1.1 }
  }
}
