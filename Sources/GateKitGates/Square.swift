import GateKitCore

/// The square, element-wise: `y = x²`.
///
/// Local derivative, from the cached input: `dy/dx = 2x`.
///
/// ```swift
/// var square = Square<Double>()
/// let y = try square.forward([3])  // [9]
/// ```
public struct Square<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.square)

  /// A square gate.
  public init() {}

  /// `Square`.
  public var description: String { "Square" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = 2x · dy`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Square: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
