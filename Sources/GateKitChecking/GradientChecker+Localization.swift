import GateKitCore

// Checking a gate, then the gates inside a failing composite; and fast mode's projections.

extension GradientChecker {
  /// Checks `gate` (in the checker's mode) and, if it is a failing composite, each child
  /// locally with what it received in a traced pass.
  func checkGate<S: TensorScalar>(
    _ gate: some Gate<S>, path: String, inputs: [Tensor<S>], upstream: Tensor<S>,
    inputNames: [String]?, constants: Set<Int> = []
  ) throws -> [GradientCheckReport.Entry] {
    let composite = gate as? any CompositeGate<S>
    switch mode {
    case .full:
      let entries = try fullCheck(
        gate, path: path, inputs: inputs, upstream: upstream, inputNames: inputNames,
        constants: constants)
      let undecided = entries.contains { !$0.passed || $0.deferredCount > 0 }
      guard localizes, let composite, undecided else { return entries }
      return try entries + localize(composite, path: path, inputs: inputs, upstream: upstream)
    case .fast:
      let entry = try projectionCheck(
        gate, path: path, inputs: inputs, upstream: upstream, constants: constants)
      guard !entry.passed || entry.deferredCount > 0 else { return [entry] }
      if let composite {
        guard localizes else { return [entry] }
        let children = try localize(composite, path: path, inputs: inputs, upstream: upstream)
        // Children that fail are to blame; children that pass decide a deferred projection.
        if children.contains(where: { !$0.passed }) || entry.passed { return [entry] + children }
      }
      // A leaf, or a composite whose children all pass (its wiring is wrong): in full.
      return try [entry]
        + fullCheck(
          gate, path: path, inputs: inputs, upstream: upstream, inputNames: inputNames,
          constants: constants)
    }
  }

  /// Checks every child of `composite` on its own. A backward pass that throws inside the
  /// composite (a child returned a gradient of the wrong shape) still lets the children be
  /// checked, each with a random upstream gradient.
  private func localize<S: TensorScalar>(
    _ composite: some CompositeGate<S>, path: String, inputs: [Tensor<S>], upstream: Tensor<S>
  ) throws -> [GradientCheckReport.Entry] {
    let trace: GateTrace<S>
    do {
      trace = try composite.trace(inputs: inputs, upstream: upstream)
    } catch {
      trace = try composite.trace(inputs: inputs, upstream: nil)
    }
    var entries: [GradientCheckReport.Entry] = []
    for (index, child) in trace.children.enumerated() {
      let childPath =
        child.path.isEmpty ? path : path.isEmpty ? child.path : path + "." + child.path
      let childUpstream: Tensor<S>
      if let upstream = child.upstream {
        childUpstream = upstream
      } else {
        var gate = child.gate
        let output = try gate.forward(inputs: child.inputs)
        childUpstream = try randomUpstream(shape: output.shape, salt: UInt64(index) + 1)
      }
      entries += try checkGate(
        child.gate, path: childPath, inputs: child.inputs, upstream: childUpstream,
        inputNames: nil)
    }
    return entries
  }

  /// Fast mode: `uᵀ·J·v`, the analytic gradients projected on a random unit direction `v`
  /// over all inputs and parameters, against the centered difference of `L` along `v`.
  func projectionCheck<G: Gate>(
    _ gate: G, path: String, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>,
    constants: Set<Int>
  ) throws -> GradientCheckReport.Entry {
    let owner = Owner(path: path, gate: gate.description)
    let name = "uᵀ·J·v"
    let (probe, gradients, problem) = try backwardPass(gate, inputs: inputs, upstream: upstream)
    if let problem { return owner.problem(kind: .projection, name: name, problem) }
    let parameters = probe.parameters
    let values = inputs + parameters.map(\.parameter.value)
    let analyticGradients = gradients + parameters.map(\.parameter.gradient)
    guard zip(values, analyticGradients).allSatisfy({ $0.shape == $1.shape })
    else {
      return owner.problem(
        kind: .projection, name: name,
        "backward returned gradients of shapes \(analyticGradients.map(\.shape)) for values of shapes \(values.map(\.shape))"
      )
    }
    // The direction: standard normal, scaled to unit length over all values.
    var generator = SeededGenerator(seed: seed &+ 0x5EED)
    var direction = try values.enumerated().map { index, value in
      constants.contains(index)
        ? try Tensor<Double>(zeros: value.shape)
        : try Tensor<Double>.normal(shape: value.shape, using: &generator)
    }
    let norm = direction.reduce(0) { $0 + $1.scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot()
    if norm > 0 { direction = direction.map { $0.map { $0 / norm } } }
    var analytic = 0.0
    var largest = 1.0
    for (gradient, (value, v)) in zip(analyticGradients, zip(values, direction)) {
      for (g, d) in zip(gradient.scalars, v.scalars) { analytic += g.doubleValue * d }
      for x in value.scalars { largest = Swift.max(largest, Swift.abs(x.doubleValue)) }
    }
    let h = step * largest
    func moved(_ t: Double) throws -> Probe<G> {
      var shifted = try zip(values, direction).map { value, v in
        try Tensor<G.Scalar>(
          shape: value.shape,
          scalars: zip(value.scalars, v.scalars).map { G.Scalar($0.doubleValue + t * $1) })
      }
      var moved = Probe(gate: gate, inputs: Array(shifted.prefix(inputs.count)))
      shifted.removeFirst(inputs.count)
      let byPath = Dictionary(
        zip(parameters.map(\.path), shifted), uniquingKeysWith: { first, _ in first })
      moved.gate.visitParameters { path, parameter in
        if let value = byPath[path] { parameter.value = value }
      }
      return moved
    }
    let (up, down) = (try moved(h), try moved(-h))
    let (lPlus, lMinus) = (
      try objective(up, upstream: upstream), try objective(down, upstream: upstream)
    )
    let numeric = (lPlus - lMinus) / (2 * h)
    var slopes: (Double, Double)?
    if Kinks.mayOccur(in: gate, inputs: inputs),
      Kinks.between(down.gate, down.inputs, and: up.gate, up.inputs)
    {
      let l0 = try objective(Probe(gate: gate, inputs: inputs), upstream: upstream)
      slopes = ((lPlus - l0) / h, (l0 - lMinus) / h)
    }
    return owner.entry(
      kind: .projection, name: name, shape: [values.reduce(0) { $0 + $1.scalarCount }],
      elements: [element(analytic: analytic, numeric: numeric, slopes: slopes, defersKinks: true)])
  }
}
