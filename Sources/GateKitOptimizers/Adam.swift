import GateKitCore

/// Adam (Kingma and Ba, 2015), with optional L2 weight decay folded into the gradient:
///
/// ```
/// g ← ∇w + λw
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
/// ```
///
/// For weight decay decoupled from the gradient, use ``AdamW``.
///
/// ```swift
/// var optimizer = try Adam<Float>(learningRate: 1e-3)
/// ```
public struct Adam<Scalar: TensorScalar>: Optimizer {
  /// The learning rate `η`.
  public var learningRate: Double
  /// The moment decay rates `β₁` and `β₂`, and `ε`.
  public let moments: AdamMoments
  /// The L2 weight decay `λ`, added to the gradient.
  public let weightDecay: Double
  /// The moments (`<path>.firstMoment`, `<path>.secondMoment`) and the step count.
  public var state = OptimizerState<Scalar>()

  /// An Adam optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: `η ≥ 0` (default 0.001).
  ///   - beta1: `β₁ ∈ [0, 1)` (default 0.9).
  ///   - beta2: `β₂ ∈ [0, 1)` (default 0.999).
  ///   - epsilon: `ε > 0` (default 1e-8).
  ///   - weightDecay: `λ ≥ 0`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0
  ) throws {
    try validate(learningRate, "learning rate", in: 0...Double.greatestFiniteMagnitude, for: "Adam")
    try validate(weightDecay, "weight decay", in: 0...Double.greatestFiniteMagnitude, for: "Adam")
    self.moments = try AdamMoments(beta1: beta1, beta2: beta2, epsilon: epsilon, optimizer: "Adam")
    self.learningRate = learningRate
    self.weightDecay = weightDecay
  }

  /// `Adam(η = 0.001)`.
  public var description: String {
    "Adam(η = \(learningRate)\(weightDecay > 0 ? ", λ = \(weightDecay)" : ""))"
  }

  /// One Adam update of one parameter.
  ///
  /// - Parameters:
  ///   - parameter: The parameter to update.
  ///   - path: Its path, the key of its moments.
  /// - Throws: `GateKitError.shapeMismatch` for stored moments of another shape.
  public mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws {
    let g = try parameter.gradient(withWeightDecay: weightDecay)
    try moments.step(&parameter, gradient: g, at: path, learningRate: learningRate, state: &state)
  }
}

/// AdamW (Loshchilov and Hutter, 2019): Adam with weight decay decoupled from the
/// gradient, applied to the weights directly before the Adam step:
///
/// ```
/// w ← w − ηλw
/// then Adam's update with g = ∇w
/// ```
///
/// ```swift
/// var optimizer = try AdamW<Float>(learningRate: 1e-3, weightDecay: 0.01)
/// ```
public struct AdamW<Scalar: TensorScalar>: Optimizer {
  /// The learning rate `η`.
  public var learningRate: Double
  /// The moment decay rates `β₁` and `β₂`, and `ε`.
  public let moments: AdamMoments
  /// The decoupled weight decay `λ`.
  public let weightDecay: Double
  /// The moments (`<path>.firstMoment`, `<path>.secondMoment`) and the step count.
  public var state = OptimizerState<Scalar>()

  /// An AdamW optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: `η ≥ 0` (default 0.001).
  ///   - beta1: `β₁ ∈ [0, 1)` (default 0.9).
  ///   - beta2: `β₂ ∈ [0, 1)` (default 0.999).
  ///   - epsilon: `ε > 0` (default 1e-8).
  ///   - weightDecay: `λ ≥ 0` (default 0.01).
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0.01
  ) throws {
    try validate(
      learningRate, "learning rate", in: 0...Double.greatestFiniteMagnitude, for: "AdamW")
    try validate(weightDecay, "weight decay", in: 0...Double.greatestFiniteMagnitude, for: "AdamW")
    self.moments = try AdamMoments(beta1: beta1, beta2: beta2, epsilon: epsilon, optimizer: "AdamW")
    self.learningRate = learningRate
    self.weightDecay = weightDecay
  }

  /// `AdamW(η = 0.001, λ = 0.01)`.
  public var description: String { "AdamW(η = \(learningRate), λ = \(weightDecay))" }

  /// One AdamW update of one parameter.
  ///
  /// - Parameters:
  ///   - parameter: The parameter to update.
  ///   - path: Its path, the key of its moments.
  /// - Throws: `GateKitError.shapeMismatch` for stored moments of another shape.
  public mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws {
    if weightDecay > 0 {
      parameter.value = parameter.value.applying(.scale(1 - learningRate * weightDecay))
    }
    try moments.step(
      &parameter, gradient: parameter.gradient, at: path, learningRate: learningRate, state: &state)
  }
}

/// The moment estimates shared by ``Adam`` and ``AdamW``: decay rates `β₁`, `β₂` and `ε`.
public struct AdamMoments: Sendable, Equatable {
  /// The first-moment decay rate `β₁`.
  public let beta1: Double
  /// The second-moment decay rate `β₂`.
  public let beta2: Double
  /// The term `ε` added to the denominator.
  public let epsilon: Double

  init(beta1: Double, beta2: Double, epsilon: Double, optimizer: String) throws {
    try validate(beta1, "beta1", in: 0...1, for: optimizer, excludingUpperBound: true)
    try validate(beta2, "beta2", in: 0...1, for: optimizer, excludingUpperBound: true)
    try validate(epsilon, "epsilon", in: 0...Double.greatestFiniteMagnitude, for: optimizer)
    guard epsilon > 0 else {
      throw GateKitError.invalidArgument(operation: optimizer, reason: "epsilon must be > 0")
    }
    (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
  }

  /// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
  /// `w ← w − η·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)`.
  func step<Scalar: TensorScalar>(
    _ parameter: inout Parameter<Scalar>, gradient g: Tensor<Scalar>, at path: String,
    learningRate: Double, state: inout OptimizerState<Scalar>
  ) throws {
    var m = try state.tensor("firstMoment", for: path, like: parameter).applying(.scale(beta1))
    try m.addScaled(g, by: Scalar(1 - beta1))
    var v = try state.tensor("secondMoment", for: path, like: parameter).applying(.scale(beta2))
    try v.addScaled(try g * g, by: Scalar(1 - beta2))
    state.set(m, "firstMoment", for: path)
    state.set(v, "secondMoment", for: path)
    let t = Double(state.step)
    let correction1 = 1 - pow(beta1, t)
    let correction2 = 1 - pow(beta2, t)
    let denominator =
      v.applying(.squareRoot).applying(.scale(1 / correction2.squareRoot())) + Scalar(epsilon)
    try parameter.value.addScaled(try m / denominator, by: Scalar(-learningRate / correction1))
  }
}

/// `xⁿ` for a non-negative integer-valued `n`, by repeated squaring (no libm, so the same
/// on every platform).
func pow(_ x: Double, _ n: Double) -> Double {
  var (result, base, exponent) = (1.0, x, Int(n))
  while exponent > 0 {
    if exponent & 1 == 1 { result *= base }
    base *= base
    exponent >>= 1
  }
  return result
}
