// Row operations on matrices: the shapes that batches, logits and labels take.

extension Tensor {
  /// The rows at the given indices, in that order (a minibatch gathered from a dataset).
  ///
  /// - Parameter indices: Row indices of this tensor, each in `0..<shape[0]`.
  /// - Returns: A tensor of shape `[indices.count] + shape.dropFirst()`.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` for a rank-0
  ///   tensor, ``GateKitError/indexOutOfRange(operation:index:shape:)`` for a bad index.
  public func gatherRows(_ indices: [Int]) throws -> Tensor {
    guard rank >= 1 else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.gatherRows", expected: "a tensor of rank ≥ 1", actual: shape)
    }
    if let bad = indices.first(where: { $0 < 0 || $0 >= shape[0] }) {
      throw GateKitError.indexOutOfRange(operation: "Tensor.gatherRows", index: [bad], shape: shape)
    }
    let rowShape = Array(shape.dropFirst())
    // An empty tensor's rows may be of any (even unrepresentable) size: count in checked
    // arithmetic.
    let count = try Self.scalarCount(of: [indices.count] + rowShape, operation: "Tensor.gatherRows")
    let width = shape[0] > 0 ? scalarCount / shape[0] : 0
    return Tensor(validShape: [indices.count] + rowShape, count: count) { result in
      withUnsafeBufferPointer { source in
        // Copy each run of consecutive rows at once (a whole in-order batch is one copy).
        var position = 0
        while position < indices.count {
          var end = position + 1
          while end < indices.count, indices[end] == indices[end - 1] + 1 { end += 1 }
          let (first, rows) = (indices[position], end - position)
          Scalar.copy(
            UnsafeBufferPointer(rebasing: source[(first * width)..<((first + rows) * width)]),
            sourceStrides: [1], shape: [rows * width],
            into: UnsafeMutableBufferPointer(rebasing: result[(position * width)..<(end * width)]))
          position = end
        }
      }
    }
  }

  /// The column of the largest value in each row of a matrix (the first on ties): the
  /// predicted class of each row of logits or probabilities.
  ///
  /// - Returns: One column index per row.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` unless this is a
  ///   matrix with at least one column.
  public func argmaxRows() throws -> [Int] {
    guard rank == 2, shape[1] > 0 else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.argmaxRows", expected: "a matrix with at least one column", actual: shape
      )
    }
    let columns = shape[1]
    return withUnsafeBufferPointer { x in
      (0..<shape[0]).map { row in
        var best = 0
        for j in 1..<columns where x[row * columns + j] > x[row * columns + best] { best = j }
        return best
      }
    }
  }

  /// Row-wise log-softmax of a matrix of logits: `log(e^(z_j) / Σ_k e^(z_k))`, computed
  /// stably for logits of any size.
  ///
  /// - Returns: A matrix of the same shape whose rows' exponentials sum to 1.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` unless this is a
  ///   matrix with at least one column.
  public func logSoftmaxRows() throws -> Tensor {
    guard rank == 2, shape[1] > 0 else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.logSoftmaxRows", expected: "a matrix with at least one column",
        actual: shape)
    }
    return Tensor(validShape: shape, count: scalarCount) { result in
      withUnsafeBufferPointer {
        Scalar.logSoftmax($0, rows: shape[0], columns: shape[1], into: result)
      }
    }
  }

  /// Adds `factor · other` to this tensor in place (`self += a·x`): an optimizer step
  /// `w −= η·g` is `w.addScaled(g, by: −η)`.
  ///
  /// - Parameters:
  ///   - other: A tensor of the same shape.
  ///   - factor: The scale `a`.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when the shapes
  ///   differ.
  @_specialize(where Scalar == Float)
  public mutating func addScaled(_ other: Tensor, by factor: Scalar) throws {
    guard other.shape == shape else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.addScaled", expected: "shape \(format(shape))", actual: other.shape)
    }
    withUnsafeMutableBufferPointer { y in
      other.withUnsafeBufferPointer { x in Scalar.addScaled(x, by: factor, into: y) }
    }
  }
}
