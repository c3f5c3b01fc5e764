import GateKitCore

extension GradientChecker {
  /// Fast mode: `uᵀ·J·v`, the analytic gradients projected on a random unit direction `v`
  /// over all inputs and parameters, against the finite difference of `L` along `v`
  /// (with the same step choice as an element, and deferred at kinks).
  func projectionCheck<G: Gate>(
    _ gate: G, circuit: Circuit<G.Scalar>, path: String, inputs: [Tensor<G.Scalar>],
    upstream: Tensor<G.Scalar>, constants: Set<Int>
  ) -> GradientCheckReport.Entry {
    let owner = Owner(path: path, gate: gate.description)
    let name = "uᵀ·J·v"
    let (probe, gradients, problem) = backwardPass(gate, inputs: inputs, upstream: upstream)
    if let problem { return owner.problem(kind: .projection, name: name, problem) }
    let values = inputs + gate.parameters.map(\.parameter.value)
    let analytic = gradients + probe.parameters.map(\.parameter.gradient)
    guard zip(values, analytic).allSatisfy({ $0.shape == $1.shape }) else {
      return owner.problem(
        kind: .projection, name: name,
        "backward returned gradients of shapes \(analytic.map(\.shape)) for values of shapes \(values.map(\.shape))"
      )
    }
    // The direction: standard normal, scaled to unit length over all checked values.
    var generator = SeededGenerator(seed: seed &+ 0x5EED)
    var components: [Prober<G.Scalar>.Direction.Component] = []
    var largest = 1.0
    var variables: Set<Circuit<G.Scalar>.Source> = []
    for (index, (value, gradient)) in zip(values, analytic).enumerated() {
      let variable: Circuit<G.Scalar>.Variable =
        index < inputs.count ? .input(index) : .parameter(index - inputs.count)
      guard index >= inputs.count || !constants.contains(index) else { continue }
      variables.insert(circuit.source(of: variable))
      for offset in 0..<value.scalarCount {
        let x = value.scalars[offset].doubleValue
        largest = Swift.max(largest, Swift.abs(x))
        components.append(
          .init(
            variable: variable, offset: offset, base: x,
            weight: generator.nextStandardNormal(),
            gradient: gradient.scalars[offset].doubleValue))
      }
    }
    let norm = components.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
    if norm > 0 { for i in components.indices { components[i].weight /= norm } }
    let direction = Prober<G.Scalar>.Direction(
      components: components, firstStep: step * largest,
      downstream: circuit.downstream(of: variables))
    let prober = Prober(circuit: circuit, upstream: upstream, tolerance: tolerance)
    let element = prober.judge(
      direction, scale: Swift.abs(direction.analytic), defersKinks: true)
    return owner.entry(
      kind: .projection, name: name, shape: [components.count], elements: [element])
  }
}
