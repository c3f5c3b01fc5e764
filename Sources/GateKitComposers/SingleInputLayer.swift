import GateKitCore

/// Any gate used as a ``/GateKitCore/Layer``: its forward pass receives the one input, its backward
/// pass returns the one input gradient. This is how a single-input ``Graph`` (or any other gate)
/// nests in a ``Sequential``; the layer builder wraps gates that are not layers itself.
///
/// The wrapper is transparent: its description and parameter paths are the gate's own.
///
/// ```swift
/// let model = Sequential<Double> {
///   residualBlock  // a Graph with one input, wrapped automatically
///   Tanh()
/// }
/// ```
public struct SingleInputLayer<Wrapped: Gate>: Layer {
  /// The wrapped gate.
  public var gate: Wrapped

  /// Wraps a gate that takes one input.
  ///
  /// - Parameter gate: The gate.
  public init(_ gate: Wrapped) {
    self.gate = gate
  }

  /// The wrapped gate's description.
  public var description: String { gate.description }

  /// Runs the gate on the one input.
  ///
  /// - Parameter input: The input.
  /// - Returns: The gate's output.
  /// - Throws: ``/GateKitCore/GateKitError/wrongInputCount(gate:expected:actual:)`` when the gate
  ///   does not accept one input, or what the gate throws.
  public mutating func forward(_ input: Tensor<Wrapped.Scalar>) throws -> Tensor<Wrapped.Scalar> {
    try gate.forward(inputs: [input])
  }

  /// Runs the gate's backward pass and returns the one input gradient.
  ///
  /// - Parameter upstream: `dL/dout`.
  /// - Returns: `dL/d(input)`.
  /// - Throws: What the gate throws, or
  ///   ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` when it does not return
  ///   exactly one gradient.
  public mutating func backward(_ upstream: Tensor<Wrapped.Scalar>) throws -> Tensor<Wrapped.Scalar>
  {
    let gradients = try gate.backward(upstream: upstream)
    guard gradients.count == 1 else {
      throw GateKitError.invalidArgument(
        operation: description, reason: "backward returned \(gradients.count) gradients for 1 input"
      )
    }
    return gradients[0]
  }

  /// Visits the gate's parameters under their own names.
  ///
  /// - Parameter visit: Called with each parameter's path and a mutable reference.
  /// - Throws: What `visit` throws.
  public mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Wrapped.Scalar>) throws -> Void
  ) rethrows {
    try gate.visitParameters(visit)
  }
}

extension SingleInputLayer: CompositeGate {
  /// The wrapped gate's own trace when it is a composite (its children keep their paths,
  /// as its parameters do), otherwise the wrapped gate as the one child, at the wrapper's
  /// own path.
  ///
  /// - Parameters:
  ///   - inputs: The one input.
  ///   - upstream: The gradient of the output, or `nil` for a forward pass only.
  /// - Returns: The trace.
  /// - Throws: What the wrapped gate throws.
  public func trace(inputs: [Tensor<Wrapped.Scalar>], upstream: Tensor<Wrapped.Scalar>?) throws
    -> GateTrace<Wrapped.Scalar>
  {
    if let composite = gate as? any CompositeGate<Wrapped.Scalar> {
      return try composite.trace(inputs: inputs, upstream: upstream)
    }
    var copy = gate
    let output = try copy.forward(inputs: inputs)
    return GateTrace(
      output: output,
      children: [
        ChildTrace(path: "", gate: gate, inputs: inputs, upstream: upstream, sources: [.input(0)])
      ], outputSource: .child(0))
  }
}
