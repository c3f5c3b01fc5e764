import GateKitCore

/// Everything an optimizer remembers between steps: the step count and named state
/// tensors, keyed `<parameter path>.<slot>` (for example `layers.0.weight.momentum`).
///
/// One flat, named list makes the state easy to inspect, save and restore, so that
/// training can resume bit for bit.
public struct OptimizerState<Scalar: TensorScalar>: Sendable, Equatable {
  /// The number of updates taken so far.
  public var step: Int = 0
  /// The state tensors by name.
  public var tensors: [String: Tensor<Scalar>] = [:]

  /// An empty state (before the first step).
  public init() {}

  /// The slot's tensor for a parameter, or zeros of the parameter's shape the first time.
  ///
  /// - Parameters:
  ///   - slot: The slot's name, such as `momentum`.
  ///   - path: The parameter's path.
  ///   - parameter: The parameter, for the shape.
  /// - Returns: The stored tensor or zeros.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` when
  ///   a stored tensor does not have the parameter's shape (state from another model).
  public func tensor(
    _ slot: String, for path: String, like parameter: Parameter<Scalar>
  ) throws -> Tensor<Scalar> {
    guard let stored = tensors["\(path).\(slot)"] else { return Tensor(zerosLike: parameter.value) }
    guard stored.shape == parameter.value.shape else {
      throw GateKitError.shapeMismatch(
        operation: "optimizer state \(path).\(slot)",
        expected: "the parameter's shape \(parameter.value.shape)", actual: stored.shape)
    }
    return stored
  }

  /// Throws unless every slot stored for a parameter has the parameter's shape.
  ///
  /// - Parameters:
  ///   - path: The parameter's path.
  ///   - parameter: The parameter.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)``
  ///   naming the slot.
  public func validate(for path: String, like parameter: Parameter<Scalar>) throws {
    let prefix = path + "."
    // The first mismatched slot by name, so that the error is the same in every process.
    var first: (key: String, shape: [Int])?
    for (key, stored) in tensors
    where key.hasPrefix(prefix) && !key.dropFirst(prefix.count).contains(".")
      && stored.shape != parameter.value.shape && first.map({ key < $0.key }) ?? true
    {
      first = (key, stored.shape)
    }
    if let first {
      throw GateKitError.shapeMismatch(
        operation: "optimizer state \(first.key)",
        expected: "the parameter's shape \(parameter.value.shape)", actual: first.shape)
    }
  }

  /// Whether a slot has been stored for a parameter.
  ///
  /// - Parameters:
  ///   - slot: The slot's name.
  ///   - path: The parameter's path.
  /// - Returns: `true` once the slot was written.
  public func contains(_ slot: String, for path: String) -> Bool {
    tensors["\(path).\(slot)"] != nil
  }

  /// Stores a slot's tensor for a parameter.
  ///
  /// - Parameters:
  ///   - tensor: The new value.
  ///   - slot: The slot's name.
  ///   - path: The parameter's path.
  public mutating func set(_ tensor: Tensor<Scalar>, _ slot: String, for path: String) {
    tensors["\(path).\(slot)"] = tensor
  }
}
