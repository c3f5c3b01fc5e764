// The checks every gate makes, written once so that gate authors (in this package or
// their own) throw the same errors with the same wording.

extension Gate {
  /// Returns what the last forward pass cached, or throws if there was none.
  ///
  /// ```swift
  /// let output = try cached(self.output)
  /// ```
  ///
  /// - Parameter value: The cache, `nil` before the first forward pass.
  /// - Returns: The cached value.
  /// - Throws: ``GateKitError/backwardBeforeForward(gate:)`` naming this gate.
  public func cached<Value>(_ value: Value?) throws -> Value {
    guard let value else { throw GateKitError.backwardBeforeForward(gate: description) }
    return value
  }

  /// Throws unless the number of inputs is one that ``acceptedInputCounts`` allows.
  ///
  /// - Parameter inputs: The inputs of a forward pass.
  /// - Throws: ``GateKitError/wrongInputCount(gate:expected:actual:)`` naming this gate.
  public func validateInputCount(_ inputs: [Tensor<Scalar>]) throws {
    guard acceptedInputCounts.contains(inputs.count) else {
      throw GateKitError.wrongInputCount(
        gate: description, expected: acceptedInputCounts, actual: inputs.count)
    }
  }

  /// Throws unless the upstream gradient has the shape of the gate's last output.
  ///
  /// - Parameters:
  ///   - upstream: The gradient passed to `backward`.
  ///   - outputShape: The shape of the last output.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` naming this gate.
  public func validateUpstream(_ upstream: Tensor<Scalar>, outputShape: [Int]) throws {
    guard upstream.shape == outputShape else {
      throw GateKitError.shapeMismatch(
        operation: description,
        expected: "upstream gradient of shape \(format(outputShape))", actual: upstream.shape)
    }
  }
}

extension Gate {
  /// The shape that all inputs broadcast to (NumPy rules, see ``BroadcastLayout``).
  ///
  /// - Parameter inputs: The inputs of a broadcasting gate.
  /// - Returns: The shape of the gate's output.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)`` naming this gate and
  ///   every input shape.
  public func broadcastShape(of inputs: [Tensor<Scalar>]) throws -> [Int] {
    var shape: [Int]? = []
    for input in inputs {
      shape = shape.flatMap { BroadcastLayout.broadcastShape($0, input.shape) }
    }
    guard let shape else {
      throw GateKitError.incompatibleShapes(operation: description, shapes: inputs.map(\.shape))
    }
    return shape
  }
}
