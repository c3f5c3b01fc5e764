import GateKitCore

/// The reciprocal, element-wise: `y = 1/x`.
///
/// Local derivative, from the cached output: `dy/dx = −1/x² = −y²`.
///
/// ```swift
/// var reciprocal = Reciprocal<Double>()
/// let y = try reciprocal.forward([4])  // [0.25]
/// ```
public struct Reciprocal<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.reciprocal)

  /// A reciprocal gate.
  public init() {}

  /// `Reciprocal`.
  public var description: String { "Reciprocal" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// Reciprocal reuses its output: `dx = −dy · y²`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Reciprocal: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
