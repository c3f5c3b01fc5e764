import GateKitCore

/// The logistic sigmoid, element-wise: `y = σ(x) = 1/(1 + e⁻ˣ)`.
///
/// Local derivative, from the cached output: `dy/dx = σ(x)(1 − σ(x)) = y(1 − y)`.
///
/// ```swift
/// var sigmoid = Sigmoid<Double>()
/// let y = try sigmoid.forward([0])  // [0.5]
/// ```
public struct Sigmoid<Scalar: TensorScalar>: Layer {
  private var cache = ElementwiseCache<Scalar>(.sigmoid)

  /// A sigmoid gate.
  public init() {}

  /// `Sigmoid`.
  public var description: String { "Sigmoid" }

  /// Applies the function element-wise and caches the operand of its derivative.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// Sigmoid reuses its output: `dx = dy · y(1 − y)`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Sigmoid: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
