/// A gate that is not differentiable everywhere (ReLU at 0, max at ties, abs at 0) and
/// says where, so that the gradient checker does not mistake a kink for a wrong backward
/// pass.
///
/// A finite-difference probe that straddles a kink measures two different one-sided
/// slopes; the checker then accepts any analytic value between them (a subgradient check)
/// and flags the element as "at kink". Declaring too much is safe — away from a kink both
/// slopes agree and the interval is as tight as the ordinary check — but declaring too
/// little gives false failures.
///
/// ```swift
/// extension ReLU: PiecewiseDifferentiable {
///   public func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool {
///     Tensor.segmentCrossesZero(from: a[0], to: b[0])
///   }
/// }
/// ```
public protocol PiecewiseDifferentiable<Scalar>: Gate {
  /// Whether the straight segment between the input lists `a` and `b` (same count and
  /// shapes) meets a point where the gate is not differentiable, along a direction in
  /// which the inputs change.
  ///
  /// - Parameters:
  ///   - a: One end: the inputs.
  ///   - b: The other end.
  /// - Returns: `true` when the segment meets a kink.
  func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool
}

extension Tensor {
  /// Whether some element changes between `a` and `b` and is zero somewhere on the way:
  /// `min(aᵢ, bᵢ) ≤ 0 ≤ max(aᵢ, bᵢ)` with `aᵢ ≠ bᵢ`. `false` for different shapes.
  ///
  /// - Parameters:
  ///   - a: One end.
  ///   - b: The other end.
  /// - Returns: Whether the segment crosses or touches zero in a changing element.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func segmentCrossesZero(from a: Tensor, to b: Tensor) -> Bool {
    guard a.shape == b.shape else { return false }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        for i in a.indices {
          let (x, y) = (a[i], b[i])
          if x != y && Swift.min(x, y) <= 0 && Swift.max(x, y) >= 0 { return true }
        }
        return false
      }
    }
  }
}
