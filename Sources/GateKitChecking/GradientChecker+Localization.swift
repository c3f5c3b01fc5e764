import GateKitCore

// Checking a gate, then the gates inside a composite that did not pass, and the
// composite's own wiring.

extension GradientChecker {
  /// Checks `gate` (in the checker's mode) and, if it is a composite that did not pass,
  /// each child locally with what it received in a traced pass. Never throws: what cannot
  /// be checked becomes an entry that says so.
  func checkGate<S: TensorScalar>(
    _ gate: some Gate<S>, path: String, inputs: [Tensor<S>], upstream: Tensor<S>,
    inputNames: [String]?, constants: Set<Int>, constantValues: Set<String>,
    notes: inout [String]
  ) -> [GradientCheckReport.Entry] {
    let owner = Owner(path: path, gate: gate.description)
    let circuit: Circuit<S>
    do {
      circuit = try Circuit(gate, inputs: inputs)
    } catch {
      return [
        owner.problem(
          kind: .input, name: "forward", "forward threw at the inputs it received: \(error)")
      ]
    }
    let composite = gate as? any CompositeGate<S>
    for whole in circuit.wholeComposites {
      let name = whole.isEmpty ? owner.name : join(path, whole)
      notes.append(
        "\(name) was run whole: its trace does not describe wiring that reproduces its output")
    }
    var entries: [GradientCheckReport.Entry]
    switch mode {
    case .full:
      entries = fullCheck(
        gate, circuit: circuit, path: path, inputs: inputs, upstream: upstream,
        inputNames: inputNames, constants: constants)
    case .fast:
      entries = [
        projectionCheck(
          gate, circuit: circuit, path: path, inputs: inputs, upstream: upstream,
          constants: constants)
      ]
      if !entries[0].passed || entries[0].deferredCount > 0, composite == nil || !localizes {
        entries += fullCheck(
          gate, circuit: circuit, path: path, inputs: inputs, upstream: upstream,
          inputNames: inputNames, constants: constants)
      }
    }
    let undecided = entries.contains { !$0.passed || $0.deferredCount > 0 }
    guard localizes, undecided, let composite else { return entries }
    return entries
      + localize(
        composite, own: entries, path: path, inputs: inputs, upstream: upstream,
        constants: constants, constantValues: constantValues, notes: &notes)
  }

  /// Checks every child of `composite` on its own, with the inputs and the upstream
  /// gradient it received, then (when every child passes) the composite's own wiring.
  private func localize<S: TensorScalar>(
    _ composite: some CompositeGate<S>, own: [GradientCheckReport.Entry], path: String,
    inputs: [Tensor<S>], upstream: Tensor<S>, constants: Set<Int>, constantValues: Set<String>,
    notes: inout [String]
  ) -> [GradientCheckReport.Entry] {
    let owner = Owner(path: path, gate: composite.description)
    let trace: GateTrace<S>
    do {
      trace = try composite.trace(inputs: inputs, upstream: upstream)
    } catch {
      // A backward pass that throws inside (a child returned a gradient of the wrong
      // shape) still lets the children be checked, each with a random upstream gradient.
      guard let forwardOnly = try? composite.trace(inputs: inputs, upstream: nil) else {
        return [
          owner.problem(
            kind: .wiring, name: "wiring", "tracing the gates inside threw: \(error)",
            status: .inconclusive)
        ]
      }
      trace = forwardOnly
    }
    // The wrapper of a single leaf (a SingleInputLayer) is that leaf: checked already.
    if trace.children.count == 1, trace.children[0].path.isEmpty,
      !(trace.children[0].gate is any CompositeGate<S>)
    {
      return []
    }
    var entries: [GradientCheckReport.Entry] = []
    var constantChildren: Set<Int> = []
    for (index, child) in trace.children.enumerated() {
      let childPath = join(path, child.path)
      let childConstants = Set(
        child.inputs.indices.filter { slot in
          isConstant(
            slot, of: child, inputs: inputs, constants: constants,
            constantChildren: constantChildren)
        })
      if constantValues.contains(childPath)
        || (child.gate.parameters.isEmpty && childConstants.count == child.inputs.count
          && !child.inputs.isEmpty)
      {
        constantChildren.insert(index)
        continue  // nothing in it depends on a checked value
      }
      var childUpstream = child.upstream
      if let received = childUpstream, !received.isFinite {
        notes.append(
          "\(Owner(path: childPath, gate: child.gate.description).name) received a non-finite "
            + "upstream gradient and was checked with a random one")
        childUpstream = nil
      }
      let u: Tensor<S>
      if let childUpstream {
        u = childUpstream
      } else {
        var gate = child.gate
        guard let output = try? gate.forward(inputs: child.inputs),
          let random: Tensor<S> = try? randomUpstream(shape: output.shape, salt: UInt64(index) + 1)
        else { continue }
        u = random
      }
      entries += checkGate(
        child.gate, path: childPath, inputs: child.inputs, upstream: u, inputNames: nil,
        constants: childConstants, constantValues: constantValues, notes: &notes)
    }
    if entries.allSatisfy(\.passed) {
      entries.append(
        wiring(
          composite, own: own, trace: trace, path: path, inputs: inputs, upstream: upstream,
          constants: constants))
    }
    return entries
  }

  /// Whether input `slot` of a traced child holds a constant: a constant input of the
  /// composite or the output of a constant child (from the trace's wiring), or, without
  /// wiring, the same bits as a constant input.
  private func isConstant<S: TensorScalar>(
    _ slot: Int, of child: ChildTrace<S>, inputs: [Tensor<S>], constants: Set<Int>,
    constantChildren: Set<Int>
  ) -> Bool {
    guard let sources = child.sources, sources.indices.contains(slot) else {
      return constants.contains { bitwiseEqual(inputs[$0], child.inputs[slot]) }
    }
    switch sources[slot] {
    case .input(let index): return constants.contains(index)
    case .child(let index): return constantChildren.contains(index)
    }
  }

  /// The composite's own wiring, once every child passed: the gradient it passes to each
  /// child must be the sum of what the children reading that child's output send back
  /// (plus the upstream gradient at the output), and the gradients it returns for its
  /// inputs and parameters the sums of its children's. A mismatch is a failing wiring
  /// entry; agreement while the composite itself failed is inconclusive (no gate explains
  /// the failure); agreement otherwise passes (the children settled deferred elements).
  private func wiring<S: TensorScalar>(
    _ composite: some CompositeGate<S>, own: [GradientCheckReport.Entry],
    trace: GateTrace<S>, path: String, inputs: [Tensor<S>], upstream: Tensor<S>,
    constants: Set<Int>
  ) -> GradientCheckReport.Entry {
    let owner = Owner(path: path, gate: composite.description)
    let ownFailed = own.contains { $0.status == .failed || $0.status == .inconclusive }
    let worst =
      own.filter { !$0.passed }.first.map {
        " (\($0.location): \(GradientCheckReport.Blame(entry: $0).reason))"
      } ?? ""
    let consistent =
      ownFailed
      ? owner.problem(
        kind: .wiring, name: "wiring",
        "every gate inside passes on its own and the wiring matches the chain rule, so no gate "
          + "explains the composite's failure\(worst)", status: .inconclusive)
      : owner.problem(kind: .wiring, name: "wiring", nil, status: .passed)
    let sources = trace.children.compactMap(\.sources)
    guard let outputSource = trace.outputSource, sources.count == trace.children.count else {
      return ownFailed
        ? owner.problem(
          kind: .wiring, name: "wiring",
          "every gate inside passes on its own; the composite's trace does not describe its "
            + "wiring, so it cannot be checked\(worst)", status: .inconclusive)
        : consistent
    }
    let (probe, gradients, problem) = backwardPass(composite, inputs: inputs, upstream: upstream)
    if let problem {
      return owner.problem(kind: .wiring, name: "wiring", "the composite's \(problem)")
    }
    var atChild = [Tensor<S>?](repeating: nil, count: trace.children.count)
    var atInput = [Tensor<S>?](repeating: nil, count: inputs.count)
    func add(_ gradient: Tensor<S>, at source: TraceSource) {
      switch source {
      case .input(let k) where atInput.indices.contains(k):
        atInput[k] = atInput[k].flatMap { try? $0 + gradient } ?? gradient
      case .child(let j) where atChild.indices.contains(j):
        atChild[j] = atChild[j].flatMap { try? $0 + gradient } ?? gradient
      default: break
      }
    }
    add(upstream, at: outputSource)
    var parameterGradients: [String: Tensor<S>] = [:]
    for j in trace.children.indices.reversed() {
      let child = trace.children[j]
      let name =
        "'\(join(path, child.path).isEmpty ? child.gate.description : join(path, child.path))'"
      guard let expected = atChild[j] else {
        if let delivered = child.upstream, delivered.scalars.contains(where: { $0 != 0 }) {
          return owner.problem(
            kind: .wiring, name: "wiring",
            "the composite sends a gradient to \(name), whose output nothing reads")
        }
        continue
      }
      guard let delivered = child.upstream else {
        return owner.problem(
          kind: .wiring, name: "wiring", "the composite sends no gradient to \(name)")
      }
      if let difference = Self.difference(delivered, expected) {
        return owner.problem(
          kind: .wiring, name: "wiring",
          "the gradient the composite sends to \(name) is not the sum of what the gates reading "
            + "its output send back (\(difference))")
      }
      let (childProbe, childGradients, childProblem) = backwardPass(
        child.gate, inputs: child.inputs, upstream: expected)
      guard childProblem == nil, childGradients.count == sources[j].count else { continue }
      for (gradient, source) in zip(childGradients, sources[j]) { add(gradient, at: source) }
      for (parameterPath, parameter) in childProbe.parameters {
        parameterGradients[join(child.path, parameterPath)] = parameter.gradient
      }
    }
    for k in inputs.indices where !constants.contains(k) {
      let expected = atInput[k] ?? Tensor(zerosLike: inputs[k])
      if let difference = Self.difference(gradients[k], expected) {
        return owner.problem(
          kind: .wiring, name: "wiring",
          "the gradient the composite returns for input \(k) is not the sum of what its gates "
            + "send back (\(difference))")
      }
    }
    for (parameterPath, parameter) in probe.parameters {
      guard let expected = parameterGradients[parameterPath] else { continue }
      if let difference = Self.difference(parameter.gradient, expected) {
        return owner.problem(
          kind: .wiring, name: "wiring",
          "the gradient the composite accumulates for \(parameterPath) is not its gate's "
            + "(\(difference))")
      }
    }
    return consistent
  }

  /// How two gradients computed in different orders differ, or `nil` when they agree to
  /// rounding (`10³·ε` relative to the larger of 1 and the largest value).
  private static func difference<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> String? {
    guard a.shape == b.shape else { return "shape \(a.shape) against \(b.shape)" }
    var largest = (difference: 0.0, offset: 0)
    var magnitude = 1.0
    for (offset, (x, y)) in zip(a.scalars, b.scalars).enumerated() {
      let d = Swift.abs(x.doubleValue - y.doubleValue)
      magnitude = Swift.max(magnitude, Swift.abs(y.doubleValue))
      if !(d <= largest.difference) { largest = (d.isNaN ? .infinity : d, offset) }
    }
    guard largest.difference > 1e3 * S.ulpOfOne.doubleValue * magnitude else { return nil }
    let index = (try? a.indices(ofOffset: largest.offset)) ?? [largest.offset]
    return "at \(index): \(a.scalars[largest.offset]) instead of \(b.scalars[largest.offset])"
  }
}

extension Owner {
  /// `path (description)`, or the description alone for the subject.
  var name: String { path.isEmpty ? gate : "\(path) (\(gate))" }
}
