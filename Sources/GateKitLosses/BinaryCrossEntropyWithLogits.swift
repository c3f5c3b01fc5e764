import GateKitCore

/// Binary cross-entropy of logits, a sigmoid and the cross-entropy in one stable step:
/// `L = Σ [softplus(z) − t·z] / n`, which equals `−[t log σ(z) + (1 − t) log(1 − σ(z))]`
/// but never overflows (`softplus(z) = max(z, 0) + log(1 + e^(−|z|))`).
///
/// Local derivatives: `dL/dz = (σ(z) − t)/n` (the course's `dz = a − y`),
/// `dL/dt = −z/n`. The loss and `σ(z) − t` come from one fused kernel pass.
///
/// ```swift
/// var loss = BinaryCrossEntropyWithLogits<Float>()
/// let value = try loss(logits, labels)  // same shapes, labels 0 or 1
/// ```
public struct BinaryCrossEntropyWithLogits<Scalar: TensorScalar>: Loss {
  /// How the per-element losses are reduced.
  public let reduction: Reduction
  private var cache: (z: Tensor<Scalar>, t: Tensor<Scalar>, unscaledGradient: Tensor<Scalar>)?

  /// A binary cross-entropy loss on logits.
  ///
  /// - Parameter reduction: How the terms are reduced (default: the mean).
  public init(reduction: Reduction = .mean) {
    self.reduction = reduction
  }

  /// `BinaryCrossEntropyWithLogits(mean)`.
  public var description: String { "BinaryCrossEntropyWithLogits(\(reduction.rawValue))" }

  /// Computes the loss and `σ(z) − t` in one fused pass, and caches them.
  ///
  /// - Parameter inputs: `[logits, targets]`, of the same shape.
  /// - Returns: The loss, a rank-0 tensor.
  /// - Throws: `GateKitError.shapeMismatch` or `.invalidArgument` for an empty batch.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateSameShape(inputs)
    let (z, t) = (inputs[0], inputs[1])
    var gradient = Tensor(zerosLike: z)
    let total = gradient.withUnsafeMutableBufferPointer { g in
      z.withUnsafeBufferPointer { z in
        t.withUnsafeBufferPointer { t in
          Scalar.binaryCrossEntropyWithLogits(logits: z, targets: t, gradient: g)
        }
      }
    }
    cache = (z, t, gradient)
    return Tensor(Scalar(total) / Scalar(reduction.divisor(forShape: z.shape)))
  }

  /// `dL/dz = (σ(z) − t)/n`, `dL/dt = −z/n`.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `[dL/dz, dL/dt]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let dz = try predictionGradient(upstream: upstream)
    let (z, _, _) = try cached(cache)
    return [dz, z.applying(.scale(-factor(upstream, shape: z.shape).doubleValue))]
  }

  /// `dL/dz = (σ(z) − t)/n` alone, from the cached fused result.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `dL/dz`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func predictionGradient(upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let (z, _, gradient) = try cached(cache)
    try validateUpstream(upstream, outputShape: [])
    return gradient.applying(.scale(factor(upstream, shape: z.shape).doubleValue))
  }

  private func factor(_ upstream: Tensor<Scalar>, shape: [Int]) -> Scalar {
    upstream.sum() / Scalar(reduction.divisor(forShape: shape))
  }
}
