import GateKitCore

// A contract check that fails on a composite is run again on every gate inside it, with
// the inputs each received at the same points, to name the gates that fail it on their own.

extension GateConformance {
  /// Runs `contract` on `gate` at `points` and, when it fails, on the gates inside.
  func localized(
    _ name: String, _ contract: Contract, _ gate: any Gate<Double>, points: [[Tensor<Double>]]
  ) -> ConformanceReport.Check {
    let outcome = run(contract, gate, points)
    guard !outcome.passed else { return .init(name: name, passed: true, detail: outcome.detail) }
    return check(name, outcome, culprits: culprits(contract, gate, points, path: ""))
  }

  /// A failing check's entry, naming the gates inside that fail on their own.
  func check(_ name: String, _ outcome: ContractOutcome, culprits: [String]?)
    -> ConformanceReport.Check
  {
    guard let culprits else { return .init(name: name, passed: false, detail: outcome.detail) }
    let suffix =
      culprits.isEmpty
      ? " — no gate inside fails it on its own: the composite's own code"
      : " — fails on its own: \(culprits.joined(separator: ", "))"
    return .init(name: name, passed: false, detail: outcome.detail + suffix, gates: culprits)
  }

  private func run(_ contract: Contract, _ gate: any Gate<Double>, _ points: [[Tensor<Double>]])
    -> ContractOutcome
  {
    do {
      return try contract(gate, points)
    } catch {
      return .fails("threw: \(error)")
    }
  }

  /// The innermost gates inside `gate` that fail `contract` on their own, or `nil` when
  /// `gate` is not a composite (or cannot be traced at every point).
  private func culprits(
    _ contract: Contract, _ gate: any Gate<Double>, _ points: [[Tensor<Double>]], path: String
  ) -> [String]? {
    guard let composite = gate as? any CompositeGate<Double> else { return nil }
    let traces = points.compactMap { try? composite.trace(inputs: $0, upstream: nil) }
    guard traces.count == points.count, let first = traces.first,
      traces.allSatisfy({ $0.children.count == first.children.count })
    else { return nil }
    var result: [String] = []
    for (index, child) in first.children.enumerated() {
      let childPath = join(path, child.path)
      let childPoints = traces.map { $0.children[index].inputs }
      guard !run(contract, child.gate, childPoints).passed else { continue }
      let inner = culprits(contract, child.gate, childPoints, path: childPath) ?? []
      result += inner.isEmpty ? [Owner(path: childPath, gate: child.gate.description).name] : inner
    }
    return result
  }

  /// The same for a check on two instances of one architecture (a `Double` and a `Float`
  /// one, or two `Double` ones), whose children are paired by position; each `Float`
  /// child runs on its `Double` partner's inputs, converted, so that errors do not
  /// compound.
  func pairedCulprits<T: TensorScalar>(
    _ gate: any Gate<Double>, _ partner: any Gate<T>, at x: [Tensor<Double>], path: String,
    _ outcome: (any Gate<Double>, any Gate<T>, [Tensor<Double>]) -> ContractOutcome
  ) -> [String]? {
    guard let composite = gate as? any CompositeGate<Double>,
      let other = partner as? any CompositeGate<T>,
      let trace = try? composite.trace(inputs: x, upstream: nil),
      let otherTrace = try? other.trace(inputs: x.map { Tensor<T>($0) }, upstream: nil),
      trace.children.count == otherTrace.children.count
    else { return nil }
    var result: [String] = []
    for (child, otherChild) in zip(trace.children, otherTrace.children) {
      guard !outcome(child.gate, otherChild.gate, child.inputs).passed else { continue }
      let childPath = join(path, child.path)
      let inner =
        pairedCulprits(child.gate, otherChild.gate, at: child.inputs, path: childPath, outcome)
        ?? []
      result += inner.isEmpty ? [Owner(path: childPath, gate: child.gate.description).name] : inner
    }
    return result
  }
}
