import GateKitCore

/// The shared core of the losses that apply a function to the residual `r = p − t`:
/// `L = c · Σ f(r) / n`, `dL/dp = c · f′(r) / n`, `dL/dt = −dL/dp` (squared, absolute and
/// Huber error).
struct ResidualLoss<Scalar: TensorScalar>: Sendable {
  /// The function of the residual.
  let function: ElementwiseFunction
  /// The constant factor `c`.
  let scale: Double
  /// The reduction that gives `n`.
  let reduction: Reduction
  private var residual: Tensor<Scalar>?

  init(_ function: ElementwiseFunction, scale: Double = 1, reduction: Reduction) {
    self.function = function
    self.scale = scale
    self.reduction = reduction
  }

  /// The reduced loss, caching the residual.
  mutating func forward(_ inputs: [Tensor<Scalar>], loss: some Loss<Scalar>) throws -> Tensor<
    Scalar
  > {
    try loss.validateSameShape(inputs)
    let r = try inputs[0] - inputs[1]
    residual = r
    return Tensor(r.applying(function).sum() * factor(r.shape))
  }

  /// `[dL/dp, dL/dt]` for the upstream gradient of the scalar loss.
  func backward(_ upstream: Tensor<Scalar>, loss: some Loss<Scalar>) throws -> [Tensor<Scalar>] {
    let r = try loss.cached(residual)
    try loss.validateUpstream(upstream, outputShape: [])
    let scaled = try Tensor(repeating: upstream.sum() * factor(r.shape), shape: r.shape)
    let dp = try Tensor.gradient(
      through: function, operand: r, upstream: scaled, gate: loss.description)
    return [dp, -dp]
  }

  private func factor(_ shape: [Int]) -> Scalar {
    Scalar(scale) / Scalar(reduction.divisor(forShape: shape))
  }
}
