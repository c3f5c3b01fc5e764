import GateKitCore

/// The sum of all elements of the input: `y = Σᵢ xᵢ`, a rank-0 tensor. It turns a tensor
/// into the scalar objective that a circuit differentiates.
///
/// Local derivative: `∂y/∂xᵢ = 1`, so `dx` is the upstream scalar repeated in the shape of
/// `x`.
///
/// ```swift
/// var sum = Sum<Double>()
/// let y = try sum.forward([1, 2, 3])  // 6
/// ```
public struct Sum<Scalar: TensorScalar>: Layer {
  private var inputShape: [Int]?

  /// A sum gate.
  public init() {}

  /// `Sum`.
  public var description: String { "Sum" }

  /// Sums every element.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The sum as a rank-0 tensor.
  /// - Throws: Nothing: any shape can be summed.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    inputShape = input.shape
    return Tensor(input.sum())
  }

  /// `dx = dy` in every element.
  ///
  /// - Parameter upstream: `dL/dy`, a rank-0 tensor.
  /// - Returns: `dL/dx`, of the input's shape.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let shape = try cached(inputShape)
    try validateUpstream(upstream, outputShape: [])
    return try upstream.broadcast(to: shape)
  }
}
