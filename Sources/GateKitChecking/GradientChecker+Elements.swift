import GateKitCore

// The full check of one gate on its own: every element of every input and parameter.

/// A gate and its inputs: one point at which `L = Σ y ⊙ u` is evaluated.
struct Probe<G: Gate> {
  var gate: G
  var inputs: [Tensor<G.Scalar>]
}

extension GradientChecker {
  /// Compares every element of `gate`'s input and parameter gradients with centered
  /// differences of `L = Σ forward(inputs) ⊙ upstream`.
  func fullCheck<G: Gate>(
    _ gate: G, path: String, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>,
    inputNames: [String]?, constants: Set<Int> = []
  ) throws -> [GradientCheckReport.Entry] {
    let owner = Owner(path: path, gate: gate.description)
    let (probe, gradients, problem) = try backwardPass(gate, inputs: inputs, upstream: upstream)
    if let problem { return [owner.problem(kind: .input, name: "backward", problem)] }
    let kinks = Kinks.mayOccur(in: gate, inputs: inputs)
    // One element of a composite's input or parameter may reach several kinks inside it.
    let defersKinks = gate is any CompositeGate<G.Scalar>
    let base = Probe(gate: gate, inputs: inputs)
    var entries: [GradientCheckReport.Entry] = []
    for i in inputs.indices where !constants.contains(i) {
      let name = inputNames.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? "input \(i)"
      entries.append(
        try compare(
          gradients[i], at: inputs[i], owner: owner, kind: .input, name: name, kinks: kinks,
          defersKinks: defersKinks, upstream: upstream
        ) { (perturbed: Tensor<G.Scalar>) -> Probe<G> in
          var probe = base
          probe.inputs[i] = perturbed
          return probe
        })
    }
    for (name, parameter) in probe.parameters {
      entries.append(
        try compare(
          parameter.gradient, at: parameter.value, owner: owner, kind: .parameter, name: name,
          kinks: kinks, defersKinks: defersKinks, upstream: upstream
        ) { (perturbed: Tensor<G.Scalar>) -> Probe<G> in
          var probe = base
          probe.gate.visitParameters { path, p in if path == name { p.value = perturbed } }
          return probe
        })
    }
    return entries
  }

  /// One forward pass and one backward pass from zeroed parameter gradients, on a copy of
  /// `gate`: the copy (holding the parameter gradients), the input gradients, and what
  /// went wrong if backward threw or returned the wrong number of gradients.
  func backwardPass<G: Gate>(
    _ gate: G, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>
  ) throws -> (probe: G, gradients: [Tensor<G.Scalar>], problem: String?) {
    var probe = gate
    _ = try probe.forward(inputs: inputs)
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
  private func compare<G: Gate>(
    _ analytic: Tensor<G.Scalar>, at point: Tensor<G.Scalar>, owner: Owner,
    kind: GradientCheckReport.Kind, name: String, kinks: Bool, defersKinks: Bool,
    upstream: Tensor<G.Scalar>,
    placing: (Tensor<G.Scalar>) -> Probe<G>
  ) throws -> GradientCheckReport.Entry {
    guard analytic.shape == point.shape else {
      return owner.problem(
        kind: kind, name: name, shape: point.shape,
        "gradient of shape \(analytic.shape) for a value of shape \(point.shape)")
    }
    var center: Double?
    var elements: [GradientCheckReport.Element] = []
    elements.reserveCapacity(point.scalarCount)
    for offset in 0..<point.scalarCount {
      let x = point.scalars[offset].doubleValue
      let h = step * Swift.max(1, Swift.abs(x))
      let (xPlus, xMinus) = (G.Scalar(x + h), G.Scalar(x - h))
      var plus = point
      var minus = point
      plus.withUnsafeMutableBufferPointer { $0[offset] = xPlus }
      minus.withUnsafeMutableBufferPointer { $0[offset] = xMinus }
      let (up, down) = (placing(plus), placing(minus))
      let lPlus = try objective(up, upstream: upstream)
      let lMinus = try objective(down, upstream: upstream)
      let (dPlus, dMinus) = (xPlus.doubleValue - x, x - xMinus.doubleValue)
      let numeric = (lPlus - lMinus) / (dPlus + dMinus)
      var slopes: (Double, Double)?
      if kinks, Kinks.between(down.gate, down.inputs, and: up.gate, up.inputs) {
        let l0 = try center ?? objective(placing(point), upstream: upstream)
        center = l0
        slopes = ((lPlus - l0) / dPlus, (l0 - lMinus) / dMinus)
      }
      var element = element(
        analytic: analytic.scalars[offset].doubleValue, numeric: numeric, slopes: slopes,
        defersKinks: defersKinks)
      element.index = try point.indices(ofOffset: offset)
      elements.append(element)
    }
    return owner.entry(kind: kind, name: name, shape: point.shape, elements: elements)
  }

  /// One element's comparison; `slopes` are the one-sided slopes when the probe straddled
  /// a kink, and `defersKinks` says that a value outside them is deferred rather than
  /// failed (several kinks may have been crossed at once).
  func element(
    analytic a: Double, numeric n: Double, slopes: (Double, Double)?, defersKinks: Bool
  ) -> GradientCheckReport.Element {
    let absolute = Swift.abs(a - n)
    let magnitude = Swift.max(Swift.abs(a), Swift.abs(n))
    var element = GradientCheckReport.Element(
      index: [], analytic: a, numeric: n, absoluteError: absolute,
      relativeError: magnitude == 0 ? 0 : absolute / magnitude,
      error: Self.error(analytic: a, numeric: n), atKink: false, interval: nil, deferred: false,
      passed: false)
    if let (first, second) = slopes {
      let (low, high) = (Swift.min(first, second), Swift.max(first, second))
      let outside = a < low ? low - a : (a > high ? a - high : (a.isNaN ? Double.nan : 0))
      element.error = outside / Swift.max(1, Swift.abs(a), Swift.abs(low), Swift.abs(high))
      element.atKink = true
      element.interval = [low, high]
    }
    element.passed = element.error <= tolerance
    if element.atKink && !element.passed && defersKinks {
      element.deferred = true
      element.passed = true
    }
    return element
  }

  /// `L = Σ y ⊙ u`, summed in `Double`.
  func objective<G: Gate>(_ probe: Probe<G>, upstream: Tensor<G.Scalar>) throws -> Double {
    var gate = probe.gate
    let y = try gate.forward(inputs: probe.inputs)
    guard y.shape == upstream.shape else {
      throw GateKitError.shapeMismatch(
        operation: "\(gate.description) forward at a perturbed point",
        expected: "the output shape \(upstream.shape)", actual: y.shape)
    }
    var total = 0.0
    for (value, weight) in zip(y.scalars, upstream.scalars) {
      total += value.doubleValue * weight.doubleValue
    }
    return total
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
    var worst = elements.first
    for element in elements.dropFirst()
    where element.error > worst?.error ?? 0
      || (element.error.isNaN && !(worst?.error.isNaN ?? false))
    {
      worst = element
    }
    return GradientCheckReport.Entry(
      gatePath: path, gate: gate, kind: kind, name: name, shape: shape, elements: elements,
      maxError: worst?.error ?? 0, worstIndex: worst?.index ?? [],
      analytic: worst?.analytic ?? 0, numeric: worst?.numeric ?? 0, problem: nil,
      passed: elements.allSatisfy(\.passed))
  }

  /// A failing entry for a gradient that could not be compared.
  func problem(
    kind: GradientCheckReport.Kind, name: String, shape: [Int] = [], _ problem: String
  ) -> GradientCheckReport.Entry {
    GradientCheckReport.Entry(
      gatePath: path, gate: gate, kind: kind, name: name, shape: shape, elements: [],
      maxError: .nan, worstIndex: [], analytic: .nan, numeric: .nan, problem: problem,
      passed: false)
  }
}
