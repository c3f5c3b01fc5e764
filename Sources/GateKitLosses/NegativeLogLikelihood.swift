import GateKitCore

/// The negative log-likelihood of class labels under log-probabilities:
/// `L = −Σᵢ log pᵢ,yᵢ / n`, with `n` the batch size (default) or 1.
///
/// The prediction holds log-probabilities `[batch, classes]` (for example a log-softmax);
/// the target holds integer labels `[batch]`.
///
/// Local derivatives: `dL/d(log p)ᵢⱼ = −[j = yᵢ]/n`; labels get gradient 0.
///
/// ```swift
/// var loss = NegativeLogLikelihood<Double>()
/// let value = try loss(logProbabilities, labels)
/// ```
public struct NegativeLogLikelihood<Scalar: TensorScalar>: Loss {
  /// How the per-example losses are reduced.
  public let reduction: Reduction
  private var cache: (shape: [Int], target: Tensor<Scalar>, labels: ClassLabels)?

  /// A negative log-likelihood loss.
  ///
  /// - Parameter reduction: `.mean` (default) or `.batchMean` divide by the batch size,
  ///   `.sum` does not.
  public init(reduction: Reduction = .mean) {
    self.reduction = reduction
  }

  /// `NegativeLogLikelihood(mean)`.
  public var description: String { "NegativeLogLikelihood(\(reduction.rawValue))" }

  /// Computes the loss and caches the labels.
  ///
  /// - Parameter inputs: `[logProbabilities, labels]`, shapes `[batch, classes]` and `[batch]`.
  /// - Returns: The loss, a rank-0 tensor.
  /// - Throws: `GateKitError.shapeMismatch`, or `.invalidArgument` for a bad label or an
  ///   empty batch.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    let (logP, target) = (inputs[0], inputs[1])
    guard logP.rank == 2 else {
      throw GateKitError.shapeMismatch(
        operation: description, expected: "log-probabilities of shape [batch, classes]",
        actual: logP.shape)
    }
    try validateNotEmpty(logP)
    let (batch, classes) = (logP.shape[0], logP.shape[1])
    let labels = try ClassLabels(target, batch: batch, classes: classes, loss: description)
    cache = (logP.shape, target, labels)
    return Tensor(
      -labels.sum(pickedFrom: logP, classes: classes) / Scalar(reduction.divisor(forShape: [batch]))
    )
  }

  /// `dL/d(log p) = −onehot(y)/n`; labels get 0.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `[dL/d(log p), dL/dlabels]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (shape, target, labels) = try cached(cache)
    try validateUpstream(upstream, outputShape: [])
    let factor = -upstream.sum() / Scalar(reduction.divisor(forShape: [shape[0]]))
    return [try labels.oneHot(classes: shape[1], value: factor), Tensor(zerosLike: target)]
  }
}
