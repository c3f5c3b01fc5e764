import GateKitCore

/// Where the gates of a composition are not differentiable, from their
/// ``GateKitCore/PiecewiseDifferentiable`` declarations, found through composites by
/// tracing a forward pass.
enum Kinks {
  /// Whether `gate` declares kinks anywhere, itself or inside (then the checker looks for
  /// them at every probe).
  static func mayOccur<S: TensorScalar>(in gate: any Gate<S>, inputs: [Tensor<S>]) -> Bool {
    if gate is any PiecewiseDifferentiable<S> { return true }
    guard let composite = gate as? any CompositeGate<S>,
      let trace = try? composite.trace(inputs: inputs, upstream: nil)
    else { return false }
    return trace.children.contains { mayOccur(in: $0.gate, inputs: $0.inputs) }
  }

  /// Whether the segment between two probes (the same gate with possibly different
  /// parameters, at possibly different inputs) meets a kink of the gate or of a gate
  /// inside it.
  static func between<S: TensorScalar>(
    _ a: any Gate<S>, _ inputsA: [Tensor<S>], and b: any Gate<S>, _ inputsB: [Tensor<S>]
  ) -> Bool {
    if let kinked = a as? any PiecewiseDifferentiable<S>,
      kinked.hasKink(between: inputsA, and: inputsB)
    {
      return true
    }
    guard let compositeA = a as? any CompositeGate<S>, let compositeB = b as? any CompositeGate<S>,
      let traceA = try? compositeA.trace(inputs: inputsA, upstream: nil),
      let traceB = try? compositeB.trace(inputs: inputsB, upstream: nil)
    else { return false }
    return zip(traceA.children, traceB.children).contains { childA, childB in
      between(childA.gate, childA.inputs, and: childB.gate, childB.inputs)
    }
  }
}
