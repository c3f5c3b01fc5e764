extension Tensor {
  /// A tensor's scalars in row-major order, settable but of fixed count, as
  /// ``withMutableScalars(_:)`` lends them.
  public struct MutableScalars: MutableCollection, RandomAccessCollection, Sendable {
    var storage: [Scalar]

    /// The first position, 0.
    public var startIndex: Int { 0 }

    /// The position past the last scalar: the tensor's scalar count.
    public var endIndex: Int { storage.count }

    /// The scalar at a row-major offset (traps outside `0..<count`, as an array does).
    ///
    /// - Parameter position: An offset into the scalars.
    public subscript(position: Int) -> Scalar {
      get { storage[position] }
      set { storage[position] = newValue }
    }
  }
}
