import GateKitCore

/// The hyperbolic tangent, element-wise: `y = tanh x`.
///
/// Local derivative, from the cached output: `dy/dx = 1 − tanh²x = 1 − y²`.
///
/// ```swift
/// var tanh = Tanh<Double>()
/// let y = try tanh.forward([0, 1])
/// ```
public struct Tanh<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.tanh)

  /// A tanh gate.
  public init() {}

  /// `Tanh`.
  public var description: String { "Tanh" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// Tanh reuses its output: `dx = dy · (1 − y²)`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Tanh: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
