import GateKit

/// Softplus, element-wise: `y = log(1 + eˣ)`, a smooth ReLU.
///
/// Local derivative, from the cached input: `dy/dx = σ(x) = 1 / (1 + e⁻ˣ)`.
///
/// ```swift
/// var softplus = Softplus<Double>()
/// let y = try softplus.forward([0])  // [0.693…] = log 2
/// ```
public struct Softplus<Scalar: TensorScalar>: Layer {
  private var input: Tensor<Scalar>?

  /// A softplus gate.
  public init() {}

  /// `Softplus`.
  public var description: String { "Softplus" }

  /// `y = log(1 + eˣ)`; caches `x`.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: any shape is accepted.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    self.input = input
    return input.applying(.softplus)
  }

  /// `dx = dy · σ(x)`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` before a forward pass,
  ///   `GateKitError.shapeMismatch` for an upstream gradient of the wrong shape.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let x = try cached(input)
    try validateUpstream(upstream, outputShape: x.shape)
    return try upstream * x.applying(.sigmoid)
  }
}
