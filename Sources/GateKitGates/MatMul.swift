import GateKitCore

/// The matrix product of two inputs: `D = W·X`, with `W` of shape `m × k` and `X` of shape
/// `k × n`.
///
/// Local derivatives (the vectorized rule of cs231n): `dW = dD·Xᵀ` and `dX = Wᵀ·dD`; each
/// gradient has the shape of its input.
///
/// ```swift
/// var product = MatMul<Double>()
/// let d = try product.forward(inputs: [w, x])
/// let grads = try product.backward(upstream: dd)  // [dW, dX]
/// ```
public struct MatMul<Scalar: TensorScalar>: Gate {
  private var inputs: (w: Tensor<Scalar>, x: Tensor<Scalar>)?

  /// A matrix-product gate.
  public init() {}

  /// Exactly two inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...2 }

  /// `MatMul`.
  public var description: String { "MatMul" }

  /// Computes `D = W·X` and caches both factors.
  ///
  /// - Parameter inputs: `[W, X]`, matrices with `W`'s columns equal to `X`'s rows.
  /// - Returns: `D`, of shape `m × n`.
  /// - Throws: `GateKitError.wrongInputCount` or `.shapeMismatch`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    let d = try matmul(inputs[0], inputs[1], context: description)
    self.inputs = (inputs[0], inputs[1])
    return d
  }

  /// `dW = dD·Xᵀ` and `dX = Wᵀ·dD`.
  ///
  /// - Parameter upstream: `dL/dD`, of shape `m × n`.
  /// - Returns: `[dL/dW, dL/dX]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (w, x) = try cached(inputs)
    try validateUpstream(upstream, outputShape: [w.shape[0], x.shape[1]])
    return [
      try matmul(upstream, x, transposingB: true, context: description),
      try matmul(w, upstream, transposingA: true, context: description),
    ]
  }
}
