import GateKitCore

/// How a loss reduces its per-element (or per-example) terms to one scalar.
public enum Reduction: String, Sendable, Hashable, CaseIterable, Codable {
  /// The sum of all terms.
  case sum
  /// The mean over all elements (PyTorch's `mean`). For losses with one term per
  /// example (the cross-entropies) this is the mean over the batch.
  case mean
  /// The sum over each example's elements, averaged over the batch (the first
  /// dimension): for the squared error, `‖a − y‖² / N`, the cost of the course's networks.
  case batchMean

  /// The number the sum of the terms is divided by, for terms of the given shape.
  ///
  /// - Parameter shape: The shape of the per-element terms.
  /// - Returns: 1, the element count, or the batch size.
  public func divisor(forShape shape: [Int]) -> Int {
    switch self {
    case .sum: 1
    case .mean: shape.reduce(1, *)
    case .batchMean: shape.first ?? 1
    }
  }
}

/// The last gate of a training circuit: it compares a prediction with a target and
/// returns one scalar.
///
/// A loss is a two-input ``/GateKitCore/Gate`` — `forward(inputs: [prediction, target])` returns a
/// rank-0 tensor and `backward(upstream:)` returns `[dL/dprediction, dL/dtarget]` — so
/// it can sit in a `Graph` and be gradient-checked like any gate. Training code uses the
/// shorter forms:
///
/// ```swift
/// var loss = SoftmaxCrossEntropy<Float>()
/// let value = try loss(logits, labels)  // the forward pass, a scalar
/// let dLogits = try loss.backward()      // dL/dlogits, with upstream gradient 1
/// ```
public protocol Loss<Scalar>: Gate {
  /// How the per-element terms are reduced to the loss.
  var reduction: Reduction { get }

  /// The gradient with respect to the prediction only, for an upstream gradient of the
  /// loss: the first element of `backward(upstream:)`, without computing the target's.
  /// Defaults to exactly that; losses override it when the target's gradient costs work.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `dL/dprediction`.
  /// - Throws: As `backward(upstream:)`.
  mutating func predictionGradient(upstream: Tensor<Scalar>) throws -> Tensor<Scalar>
}

extension Loss {
  /// A prediction and a target.
  public var acceptedInputCounts: ClosedRange<Int> { 2...2 }

  /// The loss of `prediction` against `target` (the forward pass).
  ///
  /// - Parameters:
  ///   - prediction: The circuit's output.
  ///   - target: What it should have been.
  /// - Returns: The reduced loss.
  /// - Throws: A ``/GateKitCore/GateKitError`` when the shapes or targets are not valid for this
  ///   loss.
  public mutating func callAsFunction(
    _ prediction: Tensor<Scalar>, _ target: Tensor<Scalar>
  ) throws -> Scalar {
    try forward(inputs: [prediction, target]).sum()
  }

  /// The gradient of the last loss with respect to the prediction: the start of the
  /// backward pass through the circuit.
  ///
  /// - Returns: `dL/dprediction`, with the prediction's shape.
  /// - Throws: ``/GateKitCore/GateKitError/backwardBeforeForward(gate:)`` before any forward pass.
  public mutating func backward() throws -> Tensor<Scalar> {
    try predictionGradient(upstream: Tensor(1))
  }

  /// `backward(upstream:)[0]`.
  ///
  /// - Parameter upstream: `dL/d(loss)`, a rank-0 tensor.
  /// - Returns: `dL/dprediction`.
  /// - Throws: As `backward(upstream:)`.
  public mutating func predictionGradient(upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try backward(upstream: upstream)[0]
  }

  /// Throws unless prediction and target have the same, non-empty shape.
  ///
  /// - Parameter inputs: `[prediction, target]`.
  /// - Throws: ``/GateKitCore/GateKitError/wrongInputCount(gate:expected:actual:)``,
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` or, for an empty
  ///   batch, ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)``.
  public func validateSameShape(_ inputs: [Tensor<Scalar>]) throws {
    try validateInputCount(inputs)
    guard inputs[1].shape == inputs[0].shape else {
      throw GateKitError.shapeMismatch(
        operation: description, expected: "a target of the prediction's shape \(inputs[0].shape)",
        actual: inputs[1].shape)
    }
    try validateNotEmpty(inputs[0])
  }

  /// Throws for a prediction without elements (an empty batch).
  ///
  /// - Parameter prediction: The prediction.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)``.
  public func validateNotEmpty(_ prediction: Tensor<Scalar>) throws {
    guard prediction.scalarCount > 0 else {
      throw GateKitError.invalidArgument(
        operation: description, reason: "empty batch (prediction of shape \(prediction.shape))")
    }
  }
}
