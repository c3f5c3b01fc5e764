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
/// indices, not differentiable).
///
/// ```swift
/// var loss = SoftmaxCrossEntropy<Float>()
/// let value = try loss(logits, labels)  // logits [batch, 10], labels [batch]
/// let dLogits = try loss.backward()
/// ```
public struct SoftmaxCrossEntropy<Scalar: TensorScalar>: Loss {
  /// How the per-example losses are reduced (`mean` and `batchMean` agree here).
  public let reduction: Reduction
  private var cache:
    (logProbabilities: Tensor<Scalar>, target: Tensor<Scalar>, labels: ClassLabels?)?

  /// A softmax cross-entropy loss.
  ///
  /// - Parameter reduction: `.mean` (default) or `.batchMean` divide by the batch size,
  ///   `.sum` does not.
  public init(reduction: Reduction = .mean) {
    self.reduction = reduction
  }

  /// `SoftmaxCrossEntropy(mean)`.
  public var description: String { "SoftmaxCrossEntropy(\(reduction.rawValue))" }

  /// Computes the loss from logits and caches the log-probabilities.
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
    let logP = try logits.logSoftmaxRows()
    let n = Scalar(reduction.divisor(forShape: [batch]))
    if target.shape == logits.shape {
      cache = (logP, target, nil)
      return Tensor(-(try target * logP).sum() / n)
    }
    let labels = try ClassLabels(target, batch: batch, classes: classes, loss: description)
    cache = (logP, target, labels)
    return Tensor(-labels.sum(pickedFrom: logP, classes: classes) / n)
  }

  /// `dL/dz = (softmax(z)·Σt − t)/n`; `dL/dt = −log softmax(z)/n` (0 for labels).
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `[dL/dlogits, dL/dtarget]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (logP, target, labels) = try cached(cache)
    try validateUpstream(upstream, outputShape: [])
    let (batch, classes) = (logP.shape[0], logP.shape[1])
    let factor = upstream.sum() / Scalar(reduction.divisor(forShape: [batch]))
    let softmax = logP.applying(.exp)
    if let labels {
      let dz = try softmax - labels.oneHot(classes: classes)
      return [dz.applying(.scale(factor.doubleValue)), Tensor(zerosLike: target)]
    }
    let mass = try target.sum(toShape: [batch, 1])  // Σⱼ tⱼ per example
    let dz = try softmax * mass - target
    return [dz.applying(.scale(factor.doubleValue)), logP.applying(.scale(-factor.doubleValue))]
  }
}
