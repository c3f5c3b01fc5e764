import GateKitCore

/// The element-wise product of two or more inputs, with broadcasting: `y = x₁ · x₂ · … · xₙ`.
///
/// Local derivative: `∂y/∂xᵢ = ∏ⱼ≠ᵢ xⱼ`, so the multiply gate *swaps* its inputs: each
/// input's gradient is the upstream gradient times the other inputs, summed over the
/// dimensions along which that input was broadcast.
///
/// ```swift
/// var multiply = Multiply<Double>()
/// let u = try multiply.forward(inputs: [3, 2])   // 6
/// let grads = try multiply.backward(upstream: 3)   // [6, 9]
/// ```
public struct Multiply<Scalar: TensorScalar>: Gate {
  private var inputs: [Tensor<Scalar>]?
  private var outputShape: [Int] = []

  /// A multiply gate.
  public init() {}

  /// Two or more inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...Int.max }

  /// `Multiply`.
  public var description: String { "Multiply" }

  /// Multiplies the inputs element-wise and caches them.
  ///
  /// - Parameter inputs: Two or more tensors whose shapes broadcast together.
  /// - Returns: The product, of the broadcast shape.
  /// - Throws: `GateKitError.wrongInputCount` or `.incompatibleShapes`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    outputShape = try broadcastShape(of: inputs)
    var product = try inputs[0].broadcast(to: outputShape)
    for x in inputs.dropFirst() { try product.combine(.multiply, with: x, context: description) }
    self.inputs = inputs
    return product
  }

  /// Multiply swaps: `dxᵢ = dy · ∏ⱼ≠ᵢ xⱼ`, summed down to each input's shape.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dxᵢ` for each input.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let xs = try cached(inputs)
    try validateUpstream(upstream, outputShape: outputShape)
    // The product of the others is (x₁…xᵢ₋₁)·(xᵢ₊₁…xₙ): prefix and suffix products, no division.
    var others = [Tensor<Scalar>](repeating: upstream, count: xs.count)
    var prefix = upstream
    for i in xs.indices {
      others[i] = prefix
      try prefix.combine(.multiply, with: xs[i])
    }
    var suffix: Tensor<Scalar>? = nil
    for i in xs.indices.reversed() {
      if let suffix { others[i] = try others[i] * suffix }
      suffix = try suffix.map { try $0 * xs[i] } ?? xs[i]
    }
    return try xs.indices.map { try others[$0].sum(toShape: xs[$0].shape) }
  }
}
