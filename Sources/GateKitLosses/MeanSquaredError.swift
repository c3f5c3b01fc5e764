import GateKitCore

/// The squared error: `L = c · Σ (p − t)² / n`, with `n` from the reduction (default
/// the mean over all elements) and the scale `c` (default 1).
///
/// Local derivatives: `dL/dp = 2c(p − t)/n`, `dL/dt = −dL/dp`.
///
/// The course's convention `C = ½(y − y′)²` (SEEDS S3), whose derivative is just
/// `y − y′`, is `try MeanSquaredError(reduction: .sum, scale: 0.5)`; the heart network's cost
/// `‖a − y‖²/N` (S5) is `MeanSquaredError(reduction: .batchMean)`.
///
/// ```swift
/// var loss = MeanSquaredError<Double>()
/// let value = try loss([1, 2], [0, 0])  // (1 + 4)/2 = 2.5
/// ```
public struct MeanSquaredError<Scalar: TensorScalar>: Loss {
  /// The constant factor `c`.
  public var scale: Double { core.scale }
  private var core: ResidualLoss<Scalar>

  /// A squared-error loss with `c = 1`.
  ///
  /// - Parameter reduction: How the terms are reduced (default: the mean over all elements).
  public init(reduction: Reduction = .mean) {
    core = ResidualLoss(.square, scale: 1, reduction: reduction)
  }

  /// A squared-error loss with a constant factor.
  ///
  /// - Parameters:
  ///   - reduction: How the terms are reduced (default: the mean over all elements).
  ///   - scale: The constant factor `c` (0.5 for the course's ½ convention).
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a scale
  ///   that is not finite.
  public init(reduction: Reduction = .mean, scale: Double) throws {
    guard scale.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "MeanSquaredError(\(reduction.rawValue))",
        reason: "the scale must be finite, got \(scale)")
    }
    core = ResidualLoss(.square, scale: scale, reduction: reduction)
  }

  /// `MeanSquaredError(mean)`, naming the reduction.
  public var description: String { "MeanSquaredError(\(reduction.rawValue))" }

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
