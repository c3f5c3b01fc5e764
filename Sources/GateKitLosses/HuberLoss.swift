import GateKitCore

/// The Huber loss, quadratic near 0 and linear beyond `δ` (default 1):
/// `L = Σ h(p − t) / n` with `h(r) = r²/2` for `|r| ≤ δ` and `δ(|r| − δ/2)` beyond.
///
/// Local derivatives: `dL/dp = clamp(p − t, −δ, δ)/n`, `dL/dt = −dL/dp`.
///
/// ```swift
/// var loss = HuberLoss<Double>()
/// let value = try loss([0.5, 3], [0, 0])  // (0.125 + 2.5)/2
/// ```
public struct HuberLoss<Scalar: TensorScalar>: Loss {
  /// The threshold `δ` between the quadratic and the linear part.
  public let delta: Double
  private var core: ResidualLoss<Scalar>

  /// A Huber loss.
  ///
  /// - Parameters:
  ///   - delta: The threshold `δ`, greater than 0.
  ///   - reduction: How the terms are reduced (default: the mean over all elements).
  /// - Throws: `GateKitError.invalidArgument` unless `δ` is positive and finite.
  public init(delta: Double = 1, reduction: Reduction = .mean) throws {
    guard delta > 0, delta.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "HuberLoss", reason: "delta must be positive and finite, got \(delta)")
    }
    self.delta = delta
    core = ResidualLoss(.huber(delta: delta), reduction: reduction)
  }

  /// `HuberLoss(mean)`, naming the reduction.
  public var description: String { "HuberLoss(δ = \(delta), \(reduction.rawValue))" }

  /// How the per-element terms are reduced.
  public var reduction: Reduction { core.reduction }

  /// Computes the loss and caches the residual `p − t`.
  ///
  /// - Parameter inputs: `[prediction, target]`, of the same shape.
  /// - Returns: The loss, a rank-0 tensor.
  /// - Throws: `GateKitError.shapeMismatch` for different shapes, `.invalidArgument` for
  ///   an empty batch.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try core.forward(inputs, loss: self)
  }

  /// Returns `[dL/dp, dL/dt]`; the target's gradient is the prediction's, negated.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: The gradients of prediction and target.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    try core.backward(upstream, loss: self)
  }
}
