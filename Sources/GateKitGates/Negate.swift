import GateKitCore

/// Negation, element-wise: `y = −x`.
///
/// Local derivative: `dy/dx = −1`.
///
/// ```swift
/// var negate = Negate<Double>()
/// let y = try negate.forward([2])  // [-2]
/// ```
public struct Negate<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.negate)

  /// A negation gate.
  public init() {}

  /// `Negate`.
  public var description: String { "Negate" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = −dy`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Negate: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
