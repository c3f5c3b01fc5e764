extension Tensor {
  /// The same scalars with another shape of the same scalar count.
  ///
  /// - Parameter newShape: The new shape.
  /// - Returns: The reshaped tensor (no copy).
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` when the counts differ.
  public func reshaped(to newShape: [Int]) throws -> Tensor {
    let count = try Self.scalarCount(of: newShape, operation: "Tensor.reshaped(to:)")
    guard count == scalarCount else {
      throw GateKitError.invalidShape(
        operation: "Tensor.reshaped(to:)", shape: newShape,
        reason: "it holds \(count) scalars, the tensor \(format(shape)) holds \(scalarCount)")
    }
    return Tensor(validShape: newShape, scalars: scalars)
  }

  /// The transpose of a matrix.
  ///
  /// - Returns: The `n × m` transpose of this `m × n` tensor.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` unless the rank is 2.
  public func transposed() throws -> Tensor {
    guard rank == 2 else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.transposed()", expected: "a matrix (rank 2)", actual: shape)
    }
    return strided(shape: [shape[1], shape[0]], strides: [1, shape[1]])
  }

  /// This tensor repeated along its broadcast dimensions to `target`.
  ///
  /// - Parameter target: A shape this tensor's shape broadcasts to.
  /// - Returns: A tensor of shape `target`.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when the shape
  ///   does not broadcast to `target`.
  @_specialize(where Scalar == Float)
  public func broadcast(to target: [Int]) throws -> Tensor {
    guard BroadcastLayout.canBroadcast(shape, to: target) else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.broadcast(to: \(format(target)))",
        expected: "a shape that broadcasts to \(format(target))", actual: shape)
    }
    if target.count >= rank, target.suffix(rank).elementsEqual(shape) {
      return tiled(to: target)
    }
    return strided(shape: target, strides: BroadcastLayout.strides(of: shape, broadcastTo: target))
  }

  /// Whole copies of this tensor, for a `target` that only adds leading dimensions (a bias
  /// repeated over a batch): one copy, then doubling copies.
  private func tiled(to target: [Int]) -> Tensor {
    let count = target.reduce(1, *)
    return Tensor(validShape: target, count: count) { result in
      // An empty batch copies nothing (count 0); otherwise count is a multiple of ours.
      guard count > 0, let r = result.baseAddress else { return }
      var filled = withUnsafeBufferPointer { source in
        r.update(from: source.baseAddress!, count: source.count)
        return source.count
      }
      while filled < count {
        let chunk = Swift.min(filled, count - filled)
        (r + filled).update(from: r, count: chunk)
        filled += chunk
      }
    }
  }

  /// A contiguous copy that reads this tensor through `strides`.
  private func strided(shape newShape: [Int], strides: [Int]) -> Tensor {
    Tensor(validShape: newShape, count: newShape.reduce(1, *)) { result in
      withUnsafeBufferPointer {
        Scalar.copy($0, sourceStrides: strides, shape: newShape, into: result)
      }
    }
  }
}
