/// A trainable value of a gate together with the gradient accumulated for it.
///
/// Backward passes add (`+=`) into ``gradient``; nothing resets it but
/// ``zeroGradient()`` (or ``Gate/zeroGradients()`` on a whole circuit), so gradients
/// from several backward passes sum, as in Torch7 and PyTorch.
///
/// ```swift
/// var weight = Parameter(try Tensor<Double>(zeros: [3, 2]))
/// try weight.gradient += dw
/// weight.zeroGradient()
/// ```
public struct Parameter<Scalar: TensorScalar>: Sendable {
  /// The current value.
  public var value: Tensor<Scalar>
  /// The accumulated gradient of the loss with respect to ``value``, of the same shape.
  public var gradient: Tensor<Scalar>

  /// A parameter with the given value and a zero gradient.
  ///
  /// - Parameter value: The initial value.
  public init(_ value: Tensor<Scalar>) {
    self.value = value
    self.gradient = Tensor(zerosLike: value)
  }

  /// Resets the gradient to zeros of the value's shape (in place when it already has it).
  public mutating func zeroGradient() {
    guard gradient.shape == value.shape else {
      gradient = Tensor(zerosLike: value)
      return
    }
    gradient.fill(with: 0)
  }
}
