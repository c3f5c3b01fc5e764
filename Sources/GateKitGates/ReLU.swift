import GateKitCore

/// The rectified linear unit, element-wise: `y = max(0, x)`.
///
/// Local derivative, from the cached input: `dy/dx = 1` for `x > 0` and `0` for
/// `x ≤ 0`. At the kink `x = 0` GateKit takes ReLU′(0) = 0 (the subgradient PyTorch and
/// TensorFlow use as well).
///
/// ```swift
/// var relu = ReLU<Double>()
/// let y = try relu.forward([-1, 0, 2])  // [0, 0, 2]
/// ```
public struct ReLU<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.relu)

  /// A ReLU gate.
  public init() {}

  /// `ReLU`.
  public var description: String { "ReLU" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// ReLU passes the gradient where the input was positive: `dx = dy · [x > 0]`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension ReLU: PiecewiseDifferentiable {
  /// Not differentiable at 0: the kink is met when an element changes sign or leaves or
  /// reaches 0 between `a` and `b`.
  ///
  /// - Parameters:
  ///   - a: One end: the input.
  ///   - b: The other end.
  /// - Returns: Whether an element crosses 0.
  public func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool {
    guard let a = a.first, let b = b.first else { return false }
    return Tensor.segmentCrossesZero(from: a, to: b)
  }
}

extension ReLU: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
