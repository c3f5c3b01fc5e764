import GateKitCore

/// Where a gate is not differentiable, from its ``GateKitCore/PiecewiseDifferentiable``
/// declaration or, for a composite run whole, from the declarations of the gates inside,
/// found by tracing a forward pass.
enum Kinks {
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
