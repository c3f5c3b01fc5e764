import GateKitCore

/// Binary cross-entropy of probabilities (SEEDS S2's logistic loss):
/// `L = −Σ [t log p̃ + (1 − t) log(1 − p̃)] / n`, where `p̃ = clamp(p, ε, 1 − ε)` keeps
/// the logarithms finite (`ε = 1e-7` by default) and `n` comes from the reduction.
///
/// Local derivatives: `dL/dp = (p̃ − t) / (p̃(1 − p̃)) / n` where `ε ≤ p ≤ 1 − ε` and 0
/// where the clamp is active (the course's `da = −y/a + (1 − y)/(1 − a)`);
/// `dL/dt = −(log p̃ − log(1 − p̃)) / n`. After a sigmoid the chain gives the course's
/// `dz = a − y`; for logits prefer ``BinaryCrossEntropyWithLogits``, which is exact there.
///
/// ```swift
/// var loss = BinaryCrossEntropy<Double>()
/// let value = try loss(probabilities, labels)  // same shapes, labels 0 or 1
/// ```
public struct BinaryCrossEntropy<Scalar: TensorScalar>: Loss {
  /// How the per-element losses are reduced.
  public let reduction: Reduction
  /// The clamp `ε` applied to probabilities.
  public let epsilon: Double
  private var cache: (p: Tensor<Scalar>, clamped: Tensor<Scalar>, target: Tensor<Scalar>)?

  /// A binary cross-entropy loss on probabilities.
  ///
  /// - Parameters:
  ///   - reduction: How the terms are reduced (default: the mean).
  ///   - epsilon: The clamp `ε`, in `(0, 0.5)`.
  /// - Throws: `GateKitError.invalidArgument` for `ε` outside `(0, 0.5)`.
  public init(reduction: Reduction = .mean, epsilon: Double = 1e-7) throws {
    guard epsilon > 0, epsilon < 0.5 else {
      throw GateKitError.invalidArgument(
        operation: "BinaryCrossEntropy", reason: "epsilon must be in (0, 0.5), got \(epsilon)")
    }
    self.reduction = reduction
    self.epsilon = epsilon
  }

  /// `BinaryCrossEntropy(mean)`.
  public var description: String { "BinaryCrossEntropy(\(reduction.rawValue))" }

  /// Computes the loss and caches the clamped probabilities.
  ///
  /// - Parameter inputs: `[probabilities, targets]`, of the same shape.
  /// - Returns: The loss, a rank-0 tensor.
  /// - Throws: `GateKitError.shapeMismatch` or `.invalidArgument` for an empty batch.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateSameShape(inputs)
    let (p, t) = (inputs[0], inputs[1])
    let clamped = p.applying(.clamp(lower: epsilon, upper: 1 - epsilon))
    cache = (p, clamped, t)
    let logP = clamped.applying(.log)
    let logNotP = (1 - clamped).applying(.log)
    let total = try (t * logP + (1 - t) * logNotP).sum()
    return Tensor(-total / Scalar(reduction.divisor(forShape: p.shape)))
  }

  /// `dL/dp = (p̃ − t)/(p̃(1 − p̃))/n` inside the clamp; `dL/dt = −log(p̃/(1 − p̃))/n`.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `[dL/dp, dL/dt]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (p, clamped, t) = try cached(cache)
    try validateUpstream(upstream, outputShape: [])
    let factor = Tensor(upstream.sum() / Scalar(reduction.divisor(forShape: p.shape)))
    let dClamped = try (clamped - t) / (clamped * (1 - clamped)) * factor
    let dp = try Tensor.gradient(
      through: .clamp(lower: epsilon, upper: 1 - epsilon), operand: p, upstream: dClamped,
      gate: description)
    let logOdds = try clamped.applying(.log) - (1 - clamped).applying(.log)
    return [dp, try -logOdds * factor]
  }
}
