import GateKitCore

/// The exponential, element-wise: `y = eˣ`.
///
/// Local derivative, from the cached output: `dy/dx = eˣ = y`.
///
/// ```swift
/// var exp = Exp<Double>()
/// let y = try exp.forward([0, 1])  // [1, e]
/// ```
public struct Exp<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.exp)

  /// A exponential gate.
  public init() {}

  /// `Exp`.
  public var description: String { "Exp" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// Exp reuses its output: `dx = dy · y`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Exp: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
