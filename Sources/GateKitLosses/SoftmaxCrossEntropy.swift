import GateKitCore

/// Softmax followed by cross-entropy, computed from logits in one stable step:
/// `Lᵢ = −Σⱼ tᵢⱼ log softmax(zᵢ)ⱼ`, reduced over the batch (default: the mean).
///
/// The target is either integer class labels of shape `[batch]` (`Lᵢ = −log softmax(zᵢ)_yᵢ`)
/// or probabilities (one-hot or soft) of shape `[batch, classes]`. The log-softmax is
/// `z − max z − log Σ e^(z − max z)` (log-sum-exp), which is finite for any logits.
///
/// Local derivatives: `dL/dz = (softmax(z) · Σⱼ tⱼ − t)/n`, which is `(softmax(z) − t)/n`
/// for proper distributions and `(softmax(z) − onehot(y))/n` for labels;
/// `dL/dt = −log softmax(z)/n` for probability targets, and 0 for labels (they are
/// indices, not differentiable). With labels, the loss and `softmax − onehot` come from one
/// fused kernel pass in the forward pass.
///
/// ```swift
/// var loss = SoftmaxCrossEntropy<Float>()
/// let value = try loss(logits, labels)  // logits [batch, 10], labels [batch]
/// let dLogits = try loss.backward()
/// ```
public struct SoftmaxCrossEntropy<Scalar: TensorScalar>: Loss {
  /// How the per-example losses are reduced (`mean` and `batchMean` agree here).
  public let reduction: Reduction
  private var cache: Cache?

  /// What the forward pass keeps for the backward pass.
  private enum Cache: Sendable {
    /// Labels: `softmax − onehot`, unscaled, and the labels (for their zero gradient).
    case labels(unscaledGradient: Tensor<Scalar>, target: Tensor<Scalar>)
    /// Probability targets: the log-probabilities and the targets.
    case probabilities(logProbabilities: Tensor<Scalar>, target: Tensor<Scalar>)
  }

  /// A softmax cross-entropy loss.
  ///
  /// - Parameter reduction: `.mean` (default) or `.batchMean` divide by the batch size,
  ///   `.sum` does not.
  public init(reduction: Reduction = .mean) {
    self.reduction = reduction
  }

  /// `SoftmaxCrossEntropy(mean)`.
  public var description: String { "SoftmaxCrossEntropy(\(reduction.rawValue))" }

  /// Computes the loss from logits and caches what the gradient needs.
  ///
  /// - Parameter inputs: `[logits, target]`: logits `[batch, classes]`; labels `[batch]` or
  ///   probabilities `[batch, classes]`.
  /// - Returns: The loss, a rank-0 tensor.
  /// - Throws: `GateKitError.shapeMismatch`, or `.invalidArgument` for a label outside
  ///   `0..<classes` or an empty batch.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    let (logits, target) = (inputs[0], inputs[1])
    guard logits.rank == 2 else {
      throw GateKitError.shapeMismatch(
        operation: description, expected: "logits of shape [batch, classes]", actual: logits.shape)
    }
    try validateNotEmpty(logits)
    let (batch, classes) = (logits.shape[0], logits.shape[1])
    let n = Scalar(reduction.divisor(forShape: [batch]))
    if target.shape == logits.shape {
      let logP = try logits.logSoftmaxRows()
      cache = .probabilities(logProbabilities: logP, target: target)
      return Tensor(-(try target * logP).sum() / n)
    }
    guard target.shape == [batch] else {
      throw GateKitError.shapeMismatch(
        operation: description,
        expected: "integer labels of shape [\(batch)] or probabilities [\(batch), \(classes)]",
        actual: target.shape)
    }
    var gradient = Tensor(zerosLike: logits)
    let (lossSum, invalid) = gradient.withUnsafeMutableBufferPointer { g in
      logits.withUnsafeBufferPointer { z in
        target.withUnsafeBufferPointer { y in
          Scalar.softmaxCrossEntropy(
            logits: z, labels: y, rows: batch, columns: classes, gradient: g)
        }
      }
    }
    if let row = invalid {
      throw GateKitError.invalidArgument(
        operation: description,
        reason:
          "label \(target.scalars[row].doubleValue) of example \(row) is not a class index in 0..<\(classes)"
      )
    }
    cache = .labels(unscaledGradient: gradient, target: target)
    return Tensor(Scalar(lossSum) / n)
  }

  /// `dL/dz = (softmax(z)·Σt − t)/n`; `dL/dt = −log softmax(z)/n` (0 for labels).
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `[dL/dlogits, dL/dtarget]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let dz = try predictionGradient(upstream: upstream)
    switch try cached(cache) {
    case .labels(_, let target):
      return [dz, Tensor(zerosLike: target)]
    case .probabilities(let logP, _):
      return [dz, logP.applying(.scale(-factor(upstream, batch: logP.shape[0]).doubleValue))]
    }
  }

  /// `dL/dz` alone: the cached `softmax − onehot` scaled by `upstream/n` for labels.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `dL/dlogits`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func predictionGradient(upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let cache = try cached(self.cache)
    try validateUpstream(upstream, outputShape: [])
    switch cache {
    case .labels(let gradient, _):
      return gradient.applying(.scale(factor(upstream, batch: gradient.shape[0]).doubleValue))
    case .probabilities(let logP, let target):
      let mass = try target.sum(toShape: [logP.shape[0], 1])  // Σⱼ tⱼ per example
      let dz = try logP.applying(.exp) * mass - target
      return dz.applying(.scale(factor(upstream, batch: logP.shape[0]).doubleValue))
    }
  }

  private func factor(_ upstream: Tensor<Scalar>, batch: Int) -> Scalar {
    upstream.sum() / Scalar(reduction.divisor(forShape: [batch]))
  }
}
