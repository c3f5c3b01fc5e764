extension Tensor {
  /// Whether every element is finite: no NaN and no ±∞.
  ///
  /// ```swift
  /// Tensor<Float>([1, .nan]).isFinite  // false
  /// ```
  public var isFinite: Bool {
    // A finite sum (one fast kernel pass) means every element is finite; a non-finite sum
    // can also be the overflow of large finite elements, so only then look at each one.
    sum().isFinite || scalars.allSatisfy(\.isFinite)
  }
}
