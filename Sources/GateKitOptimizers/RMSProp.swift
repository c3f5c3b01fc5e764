import GateKitCore

/// RMSProp (Hinton, 2012), with PyTorch's options: momentum, the centered variant and L2
/// weight decay:
///
/// ```
/// g ← ∇w + λw
/// s ← αs + (1 − α)g²
/// d ← √s + ε                          (or √(s − ḡ²) + ε, centered, with ḡ ← αḡ + (1 − α)g)
/// w ← w − ηg/d                        (without momentum)
/// b ← μb + g/d;  w ← w − ηb           (with momentum μ > 0)
/// ```
///
/// ```swift
/// var optimizer = try RMSProp<Float>(learningRate: 0.01)
/// ```
public struct RMSProp<Scalar: TensorScalar>: Optimizer {
  /// The learning rate `η`.
  public var learningRate: Double
  /// The smoothing constant `α`.
  public let alpha: Double
  /// The term `ε` added to the denominator.
  public let epsilon: Double
  /// The momentum `μ` (0: none).
  public let momentum: Double
  /// Whether to normalize by the estimated variance instead of the second moment.
  public let centered: Bool
  /// The L2 weight decay `λ`.
  public let weightDecay: Double
  /// The averages (`squareAverage`, `gradientAverage`, `momentum`) and the step count.
  public var state = OptimizerState<Scalar>()

  /// An RMSProp optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: `η ≥ 0` (default 0.01).
  ///   - alpha: `α ∈ [0, 1)` (default 0.99).
  ///   - epsilon: `ε > 0` (default 1e-8).
  ///   - momentum: `μ ∈ [0, 1)`.
  ///   - centered: Whether to use the centered variant.
  ///   - weightDecay: `λ ≥ 0`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(
    learningRate: Double = 0.01, alpha: Double = 0.99, epsilon: Double = 1e-8,
    momentum: Double = 0, centered: Bool = false, weightDecay: Double = 0
  ) throws {
    try validate(
      learningRate, "learning rate", in: 0...Double.greatestFiniteMagnitude, for: "RMSProp")
    try validate(alpha, "alpha", in: 0...1, for: "RMSProp", excludingUpperBound: true)
    try validate(
      epsilon, "epsilon", in: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude,
      for: "RMSProp")
    try validate(momentum, "momentum", in: 0...1, for: "RMSProp", excludingUpperBound: true)
    try validate(
      weightDecay, "weight decay", in: 0...Double.greatestFiniteMagnitude, for: "RMSProp")
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.momentum = momentum
    self.centered = centered
    self.weightDecay = weightDecay
  }

  /// `RMSProp(η = 0.01, α = 0.99)`.
  public var description: String { "RMSProp(η = \(learningRate), α = \(alpha))" }

  /// One RMSProp update of one parameter.
  ///
  /// - Parameters:
  ///   - parameter: The parameter to update.
  ///   - path: Its path, the key of its averages.
  /// - Throws: `GateKitError.shapeMismatch` for stored state of another shape.
  public mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws {
    let g = try parameter.gradient(withWeightDecay: weightDecay)
    var s = try state.tensor("squareAverage", for: path, like: parameter).applying(.scale(alpha))
    try s.addScaled(try g * g, by: Scalar(1 - alpha))
    state.set(s, "squareAverage", for: path)
    var variance = s
    if centered {
      var mean = try state.tensor("gradientAverage", for: path, like: parameter).applying(
        .scale(alpha))
      try mean.addScaled(g, by: Scalar(1 - alpha))
      state.set(mean, "gradientAverage", for: path)
      // ḡ² ≤ s in exact arithmetic, so ḡ² can only overflow when s has: clamp it so that
      // s − ḡ² is never ∞ − ∞ (a NaN); with s = ∞ the step is 0, as for plain RMSProp.
      let meanSquare = try (mean * mean).applying(
        .clamp(lower: 0, upper: Double(Scalar.greatestFiniteMagnitude)))
      try variance.addScaled(meanSquare, by: -1)
      // s − ḡ² ≥ 0 in exact arithmetic; clamp so that rounding can never take a negative root.
      variance = variance.applying(.relu)
    }
    let denominator = variance.applying(.squareRoot) + Scalar(epsilon)
    let step = try g / denominator
    if momentum > 0 {
      var buffer = try state.tensor("momentum", for: path, like: parameter).applying(
        .scale(momentum))
      try buffer += step
      state.set(buffer, "momentum", for: path)
      try parameter.value.addScaled(buffer, by: Scalar(-learningRate))
    } else {
      try parameter.value.addScaled(step, by: Scalar(-learningRate))
    }
  }
}
