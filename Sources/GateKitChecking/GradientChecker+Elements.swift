import GateKitCore

// The full check of one gate: every element of every input and parameter, then the joint
// moves of tied inputs of a piecewise-linear gate.

extension GradientChecker {
  /// Compares every element of `gate`'s input and parameter gradients with finite
  /// differences of `L = Σ forward(inputs) ⊙ upstream` on the flattened `circuit`.
  func fullCheck<G: Gate>(
    _ gate: G, circuit: Circuit<G.Scalar>, path: String, inputs: [Tensor<G.Scalar>],
    upstream: Tensor<G.Scalar>, inputNames: [String]?, constants: Set<Int>
  ) -> [GradientCheckReport.Entry] {
    let owner = Owner(path: path, gate: gate.description)
    let (probe, gradients, problem) = backwardPass(gate, inputs: inputs, upstream: upstream)
    if let problem { return [owner.problem(kind: .input, name: "backward", problem)] }
    let prober = Prober(circuit: circuit, upstream: upstream, tolerance: tolerance)
    // One element of a composite's input or parameter may reach several kinks inside it.
    let defers = circuit.defersKinks
    var entries: [GradientCheckReport.Entry] = []
    let names = inputs.indices.map { i in
      inputNames.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? "input \(i)"
    }
    for i in inputs.indices where !constants.contains(i) {
      entries.append(
        compare(
          gradients[i], of: .input(i), at: inputs[i], prober: prober, owner: owner,
          kind: .input, name: names[i], defers: defers))
    }
    let values = gate.parameters
    for (index, (name, parameter)) in probe.parameters.enumerated() {
      entries.append(
        compare(
          parameter.gradient, of: .parameter(index), at: values[index].parameter.value,
          prober: prober, owner: owner, kind: .parameter, name: name, defers: defers))
    }
    if !defers, circuit.nodes[0].gate is any PiecewiseDifferentiable<G.Scalar> {
      entries += tieEntries(
        entries, gradients: gradients, inputs: inputs, names: names, constants: constants,
        prober: prober, owner: owner)
    }
    return entries
  }

  /// One forward pass and one backward pass from zeroed parameter gradients, on a copy of
  /// `gate`: the copy (holding the parameter gradients), the input gradients, and what
  /// went wrong if a pass threw or backward returned the wrong number of gradients.
  func backwardPass<G: Gate>(
    _ gate: G, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>
  ) -> (probe: G, gradients: [Tensor<G.Scalar>], problem: String?) {
    var probe = gate
    do {
      _ = try probe.forward(inputs: inputs)
    } catch {
      return (probe, [], "forward threw: \(error)")
    }
    probe.zeroGradients()
    let gradients: [Tensor<G.Scalar>]
    do {
      gradients = try probe.backward(upstream: upstream)
    } catch {
      return (probe, [], "backward threw: \(error)")
    }
    guard gradients.count == inputs.count else {
      return (
        probe, gradients,
        "backward returned \(gradients.count) gradients for \(inputs.count) inputs"
      )
    }
    return (probe, gradients, nil)
  }

  /// Compares `analytic` with finite differences around `point`, one element at a time.
  private func compare<S: TensorScalar>(
    _ analytic: Tensor<S>, of variable: Circuit<S>.Variable, at point: Tensor<S>,
    prober: Prober<S>, owner: Owner, kind: GradientCheckReport.Kind, name: String, defers: Bool
  ) -> GradientCheckReport.Entry {
    guard analytic.shape == point.shape else {
      return owner.problem(
        kind: kind, name: name, shape: point.shape,
        "gradient of shape \(analytic.shape) for a value of shape \(point.shape)")
    }
    let downstream = prober.circuit.downstream(of: [prober.circuit.source(of: variable)])
    let gradient = analytic.scalars.map(\.doubleValue)
    let scale = gradient.reduce(0) { $1.isFinite ? Swift.max($0, Swift.abs($1)) : $0 }
    var elements: [GradientCheckReport.Element] = []
    elements.reserveCapacity(point.scalarCount)
    for offset in 0..<point.scalarCount {
      let x = point.scalars[offset].doubleValue
      let direction = Prober<S>.Direction(
        components: [
          .init(variable: variable, offset: offset, base: x, weight: 1, gradient: gradient[offset])
        ], firstStep: firstStep(at: x), downstream: downstream)
      var element = prober.judge(direction, scale: scale, defersKinks: defers)
      element.index = (try? point.indices(ofOffset: offset)) ?? [offset]
      elements.append(element)
    }
    return owner.entry(kind: kind, name: name, shape: point.shape, elements: elements)
  }

  /// The first finite-difference step for a value `x`: `step·max(1, |x|)`.
  func firstStep(at x: Double) -> Double { step * Swift.max(1, Swift.abs(x)) }

  // MARK: Ties

  /// Joint moves of the inputs of a piecewise gate that sit at kinks: where moving several
  /// of them together keeps the tie (no kink on the segment), the function is linear along
  /// that direction, so the sum of their analytic derivatives must match the directional
  /// derivative. Each tied element alone may lie between its one-sided slopes while their
  /// sum is wrong (a max that routes a tie's gradient to every winner).
  private func tieEntries<S: TensorScalar>(
    _ entries: [GradientCheckReport.Entry], gradients: [Tensor<S>], inputs: [Tensor<S>],
    names: [String], constants: Set<Int>, prober: Prober<S>, owner: Owner
  ) -> [GradientCheckReport.Entry] {
    let checked = inputs.indices.filter { !constants.contains($0) }
    var kinked: [Int: Set<Int>] = [:]  // input → offsets at a kink
    for (i, entry) in zip(checked, entries) where entry.problem == nil {
      let offsets = entry.elements.indices.filter { entry.elements[$0].atKink }
      if !offsets.isEmpty { kinked[i] = Set(offsets) }
    }
    guard kinked.values.reduce(0, { $0 + $1.count }) >= 2 else { return [] }
    let downstream = prober.circuit.downstream(of: Set(checked.map { .input($0) }))
    func component(_ i: Int, _ offset: Int, _ weight: Double) -> Prober<S>.Direction.Component {
      .init(
        variable: .input(i), offset: offset, base: inputs[i].scalars[offset].doubleValue,
        weight: weight, gradient: gradients[i].scalars[offset].doubleValue)
    }
    func direction(_ members: [(Int, Int)], signs: [Double]) -> Prober<S>.Direction {
      let components = zip(members, signs).map { component($0.0, $0.1, $1) }
      let largest = components.map { Swift.abs($0.base) }.max() ?? 0
      return .init(
        components: components, firstStep: firstStep(at: largest), downstream: downstream)
    }
    /// The first sign pattern along which the tie holds, judged; `nil` if none does.
    func judgeTie(_ members: [(Int, Int)]) -> GradientCheckReport.Element? {
      var patterns = [[Double](repeating: 1, count: members.count)]
      if members.count == 2 { patterns.append([1, -1]) }
      for signs in patterns {
        let d = direction(members, signs: signs)
        guard prober.keepsTie(d) else { continue }
        return prober.judge(d, scale: Swift.abs(d.analytic), defersKinks: false)
      }
      return nil
    }
    var result: [GradientCheckReport.Entry] = []
    var covered: Set<[Int]> = []
    // Inputs of one shape: the elements at the same position, moved together.
    let shapes = Dictionary(grouping: kinked.keys.sorted(), by: { inputs[$0].shape })
    for (shape, group) in shapes.sorted(by: { $0.value[0] < $1.value[0] }) where group.count >= 2 {
      var elements: [GradientCheckReport.Element] = []
      let offsets = Set(group.flatMap { kinked[$0]! }).sorted()
      for offset in offsets {
        let members = group.filter { kinked[$0]!.contains(offset) }.map { ($0, offset) }
        guard members.count >= 2, var element = judgeTie(members) else { continue }
        element.index = (try? inputs[group[0]].indices(ofOffset: offset)) ?? [offset]
        elements.append(element)
        for (i, o) in members { covered.insert([i, o]) }
      }
      if !elements.isEmpty {
        result.append(
          owner.entry(
            kind: .tie, name: group.map { names[$0] }.joined(separator: " + "), shape: shape,
            elements: elements))
      }
    }
    // What remains (broadcast inputs, ties within one input): all of it moved together.
    let rest = kinked.keys.sorted().flatMap { i in
      kinked[i]!.sorted().filter { !covered.contains([i, $0]) }.map { (i, $0) }
    }
    if rest.count >= 2, var element = judgeTie(rest) {
      element.index = []
      let tensors = Set(rest.map(\.0)).sorted().map { names[$0] }
      result.append(
        owner.entry(
          kind: .tie, name: tensors.joined(separator: " + ") + " (all tied elements)",
          shape: [rest.count], elements: [element]))
    }
    return result
  }
}

/// The gate that report entries belong to.
struct Owner {
  var path: String
  var gate: String

  /// An entry from element comparisons.
  func entry(
    kind: GradientCheckReport.Kind, name: String, shape: [Int],
    elements: [GradientCheckReport.Element]
  ) -> GradientCheckReport.Entry {
    let status = elements.map(\.status).max() ?? .passed
    var worst = elements.first
    for element in elements.dropFirst() {
      guard let current = worst else { break }
      if element.status > current.status
        || (element.status == current.status
          && (element.error > current.error || (element.error.isNaN && !current.error.isNaN)))
      {
        worst = element
      }
    }
    let decided = elements.filter { $0.status != .deferred && $0.status != .inconclusive }
    let maxError = decided.map(\.error).reduce(0) {
      $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1)
    }
    return GradientCheckReport.Entry(
      gatePath: path, gate: gate, kind: kind, name: name, shape: shape, elements: elements,
      maxError: maxError, worstIndex: worst?.index ?? [], analytic: worst?.analytic ?? 0,
      numeric: worst?.numeric ?? 0, problem: nil, passed: status.isPassing, status: status)
  }

  /// An entry for a gradient that could not be compared, or a verdict without elements.
  func problem(
    kind: GradientCheckReport.Kind, name: String, shape: [Int] = [], _ problem: String?,
    status: GradientCheckReport.Status = .failed
  ) -> GradientCheckReport.Entry {
    GradientCheckReport.Entry(
      gatePath: path, gate: gate, kind: kind, name: name, shape: shape, elements: [],
      maxError: status == .failed ? .nan : 0, worstIndex: [], analytic: .nan, numeric: .nan,
      problem: problem, passed: status.isPassing, status: status)
  }
}
