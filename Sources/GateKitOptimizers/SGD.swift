import GateKitCore

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
/// L2 weight decay, with PyTorch's update equations:
///
/// ```
/// g ← ∇w + λw
/// b ← g                      (first step)
/// b ← μb + (1 − τ)g          (later steps)
/// g ← g + μb  (Nesterov)     or   g ← b  (classical momentum)     (when μ > 0)
/// w ← w − ηg
/// ```
///
/// With `μ = 0` this is the course's plain update `w := w − α·dw`.
///
/// ```swift
/// var optimizer = try SGD<Float>(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// ```
public struct SGD<Scalar: TensorScalar>: Optimizer {
  /// The learning rate `η`.
  public var learningRate: Double
  /// The momentum `μ` (0: none).
  public let momentum: Double
  /// The dampening `τ` of the momentum buffer.
  public let dampening: Double
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  /// The L2 weight decay `λ`.
  public let weightDecay: Double
  /// The momentum buffers (`<path>.momentum`) and the step count.
  public var state = OptimizerState<Scalar>()

  /// An SGD optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: `η ≥ 0`.
  ///   - momentum: `μ ∈ [0, 1)`.
  ///   - dampening: `τ ∈ [0, 1]`.
  ///   - nesterov: Nesterov momentum; needs `μ > 0` and `τ = 0`.
  ///   - weightDecay: `λ ≥ 0`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(
    learningRate: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
    weightDecay: Double = 0
  ) throws {
    try validate(learningRate, "learning rate", in: 0...Double.greatestFiniteMagnitude, for: "SGD")
    try validate(momentum, "momentum", in: 0...1, for: "SGD", excludingUpperBound: true)
    try validate(dampening, "dampening", in: 0...1, for: "SGD")
    try validate(weightDecay, "weight decay", in: 0...Double.greatestFiniteMagnitude, for: "SGD")
    guard !nesterov || (momentum > 0 && dampening == 0) else {
      throw GateKitError.invalidArgument(
        operation: "SGD", reason: "Nesterov momentum needs momentum > 0 and dampening 0")
    }
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  /// `SGD(η = 0.1, μ = 0.9)`.
  public var description: String {
    var settings = ["η = \(learningRate)"]
    if momentum > 0 { settings.append("μ = \(momentum)\(nesterov ? ", Nesterov" : "")") }
    if weightDecay > 0 { settings.append("λ = \(weightDecay)") }
    return "SGD(" + settings.joined(separator: ", ") + ")"
  }

  /// One SGD update of one parameter.
  ///
  /// - Parameters:
  ///   - parameter: The parameter to update.
  ///   - path: Its path, the key of its momentum buffer.
  /// - Throws: `GateKitError.shapeMismatch` for a momentum buffer of another shape.
  public mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws {
    var g = try parameter.gradient(withWeightDecay: weightDecay)
    if momentum > 0 {
      var buffer: Tensor<Scalar>
      if state.contains("momentum", for: path) {
        buffer = try state.tensor("momentum", for: path, like: parameter)
          .applying(.scale(momentum))
        try buffer.addScaled(g, by: Scalar(1 - dampening))
      } else {
        buffer = g
      }
      state.set(buffer, "momentum", for: path)
      if nesterov {
        try g.addScaled(buffer, by: Scalar(momentum))
      } else {
        g = buffer
      }
    }
    try parameter.value.addScaled(g, by: Scalar(-learningRate))
  }
}
