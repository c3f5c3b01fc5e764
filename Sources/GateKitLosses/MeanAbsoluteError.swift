import GateKitCore

/// The absolute (L1) error: `L = Σ |p − t| / n`, with `n` from the reduction (default the
/// mean over all elements).
///
/// Local derivatives: `dL/dp = sign(p − t)/n` (0 where `p = t`), `dL/dt = −dL/dp`.
///
/// ```swift
/// var loss = MeanAbsoluteError<Double>()
/// let value = try loss([1, -2], [0, 0])  // 1.5
/// ```
public struct MeanAbsoluteError<Scalar: TensorScalar>: Loss {

  private var core: ResidualLoss<Scalar>

  /// An absolute-error loss.
  ///
  /// - Parameter reduction: How the terms are reduced (default: the mean over all elements).
  public init(reduction: Reduction = .mean) {
    core = ResidualLoss(.abs, reduction: reduction)
  }

  /// `MeanAbsoluteError(mean)`, naming the reduction.
  public var description: String { "MeanAbsoluteError(\(reduction.rawValue))" }

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

extension MeanAbsoluteError: PiecewiseDifferentiable {
  /// Not differentiable where the prediction equals the target: the kink is met when a
  /// residual `p − t` changes sign or reaches 0 between `a` and `b`.
  ///
  /// - Parameters:
  ///   - a: One end: `[prediction, target]`.
  ///   - b: The other end.
  /// - Returns: Whether a residual crosses 0.
  public func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool {
    guard a.count == 2, b.count == 2, let start = try? a[0] - a[1], let end = try? b[0] - b[1]
    else { return false }
    return Tensor.segmentCrossesZero(from: start, to: end)
  }
}
