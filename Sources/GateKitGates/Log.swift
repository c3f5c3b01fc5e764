import GateKitCore

/// The natural logarithm, element-wise: `y = ln x` (for `x > 0`).
///
/// Local derivative, from the cached input: `dy/dx = 1/x`.
///
/// ```swift
/// var log = Log<Double>()
/// let y = try log.forward([1])  // [0]
/// ```
public struct Log<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.log)

  /// A logarithm gate.
  public init() {}

  /// `Log`.
  public var description: String { "Log" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = dy / x`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Log: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
