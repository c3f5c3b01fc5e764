import GateKitCore

/// The sine, element-wise: `y = sin x`.
///
/// Local derivative, from the cached input: `dy/dx = cos x`.
///
/// ```swift
/// var sin = Sin<Double>()
/// let y = try sin.forward([0])  // [0]
/// ```
public struct Sin<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.sine)

  /// A sine gate.
  public init() {}

  /// `Sin`.
  public var description: String { "Sin" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = cos x · dy`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Sin: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
