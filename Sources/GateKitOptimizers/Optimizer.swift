import GateKitCore

/// An update rule that moves every parameter of a model against its accumulated gradient.
///
/// An optimizer author writes ``update(_:at:)`` for one parameter; stepping a whole model,
/// validating the learning rate and the shapes, and counting steps come from the
/// extension. State lives in ``state``, keyed by parameter path.
///
/// The adaptive rules (Adam, AdamW, RMSProp, AdaGrad) square gradients in the scalar
/// type. A gradient beyond the square root of the largest finite value (about 1.8e19 in
/// `Float`, 1.3e154 in `Double`) makes its squared average infinite, and that element's
/// step is then 0 — the behaviour of PyTorch — never a NaN. Clip gradients
/// (`clipGradients(maxNorm:)`) to stay clear of it.
///
/// ```swift
/// var optimizer = try SGD<Float>(learningRate: 0.1, momentum: 0.9)
/// model.zeroGradients()
/// _ = try model.forward(x); _ = try model.backward(try loss.backward())
/// try optimizer.update(&model)
/// ```
public protocol Optimizer<Scalar>: Sendable, CustomStringConvertible {
  /// The scalar type of the parameters.
  associatedtype Scalar: TensorScalar

  /// The learning rate `η` of the next step; schedules change it between steps.
  var learningRate: Double { get set }

  /// The step count and the per-parameter state tensors.
  var state: OptimizerState<Scalar> { get set }

  /// Updates one parameter from its gradient. ``state``'s step has already been
  /// incremented, so it is 1 on the first update.
  ///
  /// - Parameters:
  ///   - parameter: The parameter; its value is updated in place.
  ///   - path: The parameter's path, the key of its state.
  /// - Throws: A ``/GateKitCore/GateKitError`` for inconsistent state.
  mutating func update(_ parameter: inout Parameter<Scalar>, at path: String) throws
}

extension Optimizer {
  /// Takes one step: updates every parameter of `model` from its accumulated gradient.
  /// Gradients are not reset; call ``/GateKitCore/Gate/zeroGradients()`` before the next
  /// backward pass.
  ///
  /// - Parameter model: The model whose parameters to update.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a negative or
  ///   non-finite learning rate,
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for a gradient whose
  ///   shape differs from its parameter's.
  public mutating func update<Model: Gate>(_ model: inout Model) throws
  where Model.Scalar == Scalar {
    guard learningRate.isFinite, learningRate >= 0 else {
      throw GateKitError.invalidArgument(
        operation: description, reason: "learning rate must be finite and ≥ 0, got \(learningRate)")
    }
    // Check everything first, so that a step either happens whole or not at all. (The
    // walk is in place: `visitParameters` on the model itself copies nothing.)
    let state = self.state
    let name = description
    try model.visitParameters { path, parameter in
      guard parameter.gradient.shape == parameter.value.shape else {
        throw GateKitError.shapeMismatch(
          operation: "\(name) at \(path)",
          expected: "a gradient of the parameter's shape \(parameter.value.shape)",
          actual: parameter.gradient.shape)
      }
      try state.validate(for: path, like: parameter)
    }
    self.state.step += 1
    try model.visitParameters { path, parameter in try update(&parameter, at: path) }
  }
}

/// Throws unless `value` lies in `range`.
func validate(
  _ value: Double, _ name: String, in range: ClosedRange<Double>, for optimizer: String,
  excludingUpperBound: Bool = false
) throws {
  let inside = range.contains(value) && !(excludingUpperBound && value == range.upperBound)
  guard value.isFinite, inside else {
    let interval = "[\(range.lowerBound), \(range.upperBound)\(excludingUpperBound ? ")" : "]")"
    throw GateKitError.invalidArgument(
      operation: optimizer, reason: "\(name) must be in \(interval), got \(value)")
  }
}

extension Parameter {
  /// The gradient plus `λ·w` (L2 weight decay folded into the gradient), or the gradient
  /// itself when `λ = 0`.
  func gradient(withWeightDecay decay: Double) throws -> Tensor<Scalar> {
    guard decay != 0 else { return gradient }
    var g = gradient
    try g.addScaled(value, by: Scalar(decay))
    return g
  }
}
