import GateKitCore

/// The absolute value, element-wise: `y = |x|`.
///
/// Local derivative, from the cached input: `dy/dx = sign(x)`; at the kink `x = 0`
/// GateKit takes 0.
///
/// ```swift
/// var abs = Abs<Double>()
/// let y = try abs.forward([-2, 3])  // [2, 3]
/// ```
public struct Abs<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.abs)

  /// A absolute-value gate.
  public init() {}

  /// `Abs`.
  public var description: String { "Abs" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = dy · sign(x)`, 0 at `x = 0`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Abs: PiecewiseDifferentiable {
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

extension Abs: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
