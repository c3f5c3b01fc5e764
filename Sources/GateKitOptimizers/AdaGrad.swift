import GateKitCore

/// AdaGrad (Duchi, Hazan and Singer, 2011), with PyTorch's options: a learning-rate decay,
/// an initial accumulator value and L2 weight decay:
///
/// ```
/// g ← ∇w + λw
/// η′ ← η / (1 + (t − 1)·δ)
/// s ← s + g²                 (s starts at the initial accumulator value)
/// w ← w − η′g / (√s + ε)
/// ```
///
/// ```swift
/// var optimizer = try AdaGrad<Float>(learningRate: 0.01)
/// ```
public struct AdaGrad<Scalar: TensorScalar>: Optimizer {
  /// The learning rate `η`.
  public var learningRate: Double
  /// The learning-rate decay `δ`.
  public let learningRateDecay: Double
  /// The starting value of each accumulator.
  public let initialAccumulatorValue: Double
  /// The term `ε` added to the denominator.
  public let epsilon: Double
  /// The L2 weight decay `λ`.
  public let weightDecay: Double
  /// The accumulated squares (`<path>.sumOfSquares`) and the step count.
  public var state = OptimizerState<Scalar>()

  /// An AdaGrad optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: `η ≥ 0` (default 0.01).
  ///   - learningRateDecay: `δ ≥ 0`.
  ///   - initialAccumulatorValue: `≥ 0`.
  ///   - epsilon: `ε > 0` (default 1e-10).
  ///   - weightDecay: `λ ≥ 0`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(
    learningRate: Double = 0.01, learningRateDecay: Double = 0, initialAccumulatorValue: Double = 0,
    epsilon: Double = 1e-10, weightDecay: Double = 0
  ) throws {
    let nonNegative = 0...Double.greatestFiniteMagnitude
    try validate(learningRate, "learning rate", in: nonNegative, for: "AdaGrad")
    try validate(learningRateDecay, "learning-rate decay", in: nonNegative, for: "AdaGrad")
    try validate(
      initialAccumulatorValue, "initial accumulator value", in: nonNegative, for: "AdaGrad")
    try validate(
      epsilon, "epsilon", in: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude,
      for: "AdaGrad")
    try validate(weightDecay, "weight decay", in: nonNegative, for: "AdaGrad")
    self.learningRate = learningRate
    self.learningRateDecay = learningRateDecay
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// `AdaGrad(η = 0.01)`.
  public var description: String { "AdaGrad(η = \(learningRate))" }

  /// One AdaGrad update of one parameter.
  ///
  /// - Parameters:
  ///   - parameter: The parameter to update.
  ///   - path: Its path, the key of its accumulator.
  /// - Throws: `GateKitError.shapeMismatch` for a stored accumulator of another shape.
  public mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws {
    let g = try parameter.gradient(withWeightDecay: weightDecay)
    var sum =
      state.contains("sumOfSquares", for: path)
      ? try state.tensor("sumOfSquares", for: path, like: parameter)
      : try Tensor(repeating: Scalar(initialAccumulatorValue), shape: parameter.value.shape)
    try sum.addScaled(try g * g, by: 1)
    state.set(sum, "sumOfSquares", for: path)
    let rate = learningRate / (1 + Double(state.step - 1) * learningRateDecay)
    let denominator = sum.applying(.squareRoot) + Scalar(epsilon)
    try parameter.value.addScaled(try g / denominator, by: Scalar(-rate))
  }
}
