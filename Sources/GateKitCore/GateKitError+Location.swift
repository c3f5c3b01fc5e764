extension GateKitError {
  /// The error as seen from a composition: the operation it names is prefixed with the
  /// path of the child that raised it, the way Torch7's containers prefix a module's error
  /// with its position, so that `Dense(8 → 3): expected …` inside a `Sequential` reads
  /// `layers.4 (Dense(8 → 3)): expected …`.
  ///
  /// - The child's own error (its operation starts with the child's description) becomes
  ///   `path (description)…`.
  /// - An error a composite child has already located (`layers.1 (Tanh): …` from inside a
  ///   nested `Sequential`) gets the outer path in front: `layers.0.layers.1 (Tanh): …`.
  /// - Any other operation inside the child (a tensor operation it called) is kept after
  ///   the child: `path (description): tensor +: …`.
  ///
  /// Errors that name no operation (graph wiring, parameter paths, files) are returned
  /// unchanged.
  ///
  /// - Parameters:
  ///   - path: The child's path in the composition (`layers.4`, or a graph node's name).
  ///   - child: The child's description.
  ///   - isComposite: Whether the child is itself a composition whose errors are located.
  /// - Returns: The located error.
  public func located(atPath path: String, child: String, isComposite: Bool) -> GateKitError {
    func locate(_ operation: String) -> String {
      if operation.hasPrefix(child) {
        return "\(path) (\(child))" + operation.dropFirst(child.count)
      }
      return isComposite ? "\(path).\(operation)" : "\(path) (\(child)): \(operation)"
    }
    switch self {
    case .shapeMismatch(let operation, let expected, let actual):
      return .shapeMismatch(operation: locate(operation), expected: expected, actual: actual)
    case .incompatibleShapes(let operation, let shapes):
      return .incompatibleShapes(operation: locate(operation), shapes: shapes)
    case .invalidShape(let operation, let shape, let reason):
      return .invalidShape(operation: locate(operation), shape: shape, reason: reason)
    case .wrongInputCount(let gate, let expected, let actual):
      return .wrongInputCount(gate: locate(gate), expected: expected, actual: actual)
    case .backwardBeforeForward(let gate):
      return .backwardBeforeForward(gate: locate(gate))
    case .indexOutOfRange(let operation, let index, let shape):
      return .indexOutOfRange(operation: locate(operation), index: index, shape: shape)
    case .invalidArgument(let operation, let reason):
      return .invalidArgument(operation: locate(operation), reason: reason)
    case .nonFinite(let operation, let location):
      return .nonFinite(operation: locate(operation), location: location)
    case .unknownNode, .duplicateNode, .cycle, .missingInput, .unknownParameter,
      .missingParameter, .malformedData:
      return self
    }
  }

  /// The error as seen from a composition, raised by `child` at `path` (see
  /// ``located(atPath:child:isComposite:)``; a ``CompositeGate`` child counts as composite).
  ///
  /// - Parameters:
  ///   - path: The child's path in the composition.
  ///   - child: The gate that raised the error.
  /// - Returns: The located error.
  public func located(atPath path: String, in child: some Gate) -> GateKitError {
    located(atPath: path, child: child.description, isComposite: child is any CompositeGate)
  }
}
