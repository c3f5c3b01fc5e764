import GateKitCore

// The contract checks of the conformance suite, each on one gate at one or more points.

/// What a contract check found: whether it holds, and what was measured or went wrong.
struct ContractOutcome {
  var passed: Bool
  var detail: String

  static func holds(_ detail: String) -> ContractOutcome { .init(passed: true, detail: detail) }
  static func fails(_ detail: String) -> ContractOutcome { .init(passed: false, detail: detail) }
}

/// A contract check on one gate at the given points (each a list of inputs).
typealias Contract = (_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws
  -> ContractOutcome

/// One forward and backward pass from a fresh copy with zeroed parameter gradients.
struct ContractPass<S: TensorScalar> {
  var output: Tensor<S>
  var inputs: [Tensor<S>]
  var parameters: [Tensor<S>]

  /// Every tensor of the pass, for bit comparisons.
  var all: [Tensor<S>] { [output] + inputs + parameters }
}

extension GateConformance {
  /// One forward pass and `backwards` backward passes from a fresh copy.
  func pass<S: TensorScalar>(
    _ gate: any Gate<S>, _ x: [Tensor<S>], upstream: Tensor<S>? = nil, backwards: Int = 1
  ) throws -> ContractPass<S> {
    var copy = gate
    let output = try copy.forward(inputs: x)
    let u = try upstream ?? checker.randomUpstream(shape: output.shape, salt: 7)
    copy.zeroGradients()
    var inputGradients: [Tensor<S>] = []
    for _ in 0..<backwards { inputGradients = try copy.backward(upstream: u) }
    return ContractPass(
      output: output, inputs: inputGradients, parameters: copy.parameters.map(\.parameter.gradient))
  }

  func shapes(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws -> ContractOutcome {
    let x = points[0]
    let result = try pass(gate, x)
    guard result.inputs.count == x.count else {
      return .fails("backward returned \(result.inputs.count) gradients for \(x.count) inputs")
    }
    for (i, (gradient, input)) in zip(result.inputs, x).enumerated()
    where gradient.shape != input.shape {
      return .fails("gradient of input \(i) has shape \(gradient.shape), the input \(input.shape)")
    }
    for ((path, parameter), gradient) in zip(gate.parameters, result.parameters)
    where gradient.shape != parameter.value.shape {
      return .fails(
        "gradient of \(path) has shape \(gradient.shape), the value \(parameter.value.shape)")
    }
    return .holds("\(x.count) input and \(result.parameters.count) parameter gradients")
  }

  func linearity(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws -> ContractOutcome {
    let x = points[0]
    var probe = gate
    let output = try probe.forward(inputs: x)
    let u = try checker.randomUpstream(shape: output.shape, salt: 11) as Tensor<Double>
    let single = try pass(gate, x, upstream: u)
    let double = try pass(gate, x, upstream: u.map { 2 * $0 })
    let difference = largestDifference(
      double.inputs + double.parameters,
      (single.inputs + single.parameters).map { $0.map { 2 * $0 } })
    let detail = "backward(2u) − 2·backward(u): \(formatError(difference)) (tolerance 1e-12)"
    return difference <= 1e-12 ? .holds(detail) : .fails(detail)
  }

  func accumulation(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws
    -> ContractOutcome
  {
    let x = points[0]
    guard !gate.parameters.isEmpty else { return .holds("no parameters") }
    let once = try pass(gate, x)
    let twice = try pass(gate, x, upstream: nil, backwards: 2)
    let paths = gate.parameters.map(\.path)
    var (difference, worstPath) = (0.0, "")
    for (path, (two, one)) in zip(paths, zip(twice.parameters, once.parameters)) {
      let d = largestDifference([two], [one.map { 2 * $0 }])
      if !(d <= difference) { (difference, worstPath) = (d, path) }
    }
    var zeroed = gate
    _ = try zeroed.forward(inputs: x)
    _ = try zeroed.backward(upstream: checker.randomUpstream(shape: once.output.shape, salt: 7))
    zeroed.zeroGradients()
    let leftover =
      zeroed.parameters.map { $0.parameter.gradient.scalars.map(Swift.abs).max() ?? 0 }.max() ?? 0
    let detail =
      "two backward calls − 2 × one: \(formatError(difference))"
      + "\(worstPath.isEmpty ? "" : " at \(worstPath)") (tolerance 1e-12); after zeroGradients(): \(leftover)"
    return difference <= 1e-12 && leftover == 0 ? .holds(detail) : .fails(detail)
  }

  /// Backward twice after one forward pass: the same input gradients both times.
  func repeatedBackward(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws
    -> ContractOutcome
  {
    var probe = gate
    let output = try probe.forward(inputs: points[0])
    let u = try checker.randomUpstream(shape: output.shape, salt: 13) as Tensor<Double>
    let first = try probe.backward(upstream: u)
    let second: [Tensor<Double>]
    do {
      second = try probe.backward(upstream: u)
    } catch {
      return .fails("the second backward call threw: \(error)")
    }
    return bits(first) == bits(second)
      ? .holds("a second backward call returns the same input gradients")
      : .fails("a second backward call returns other input gradients than the first")
  }

  func backwardBeforeForward(_ gate: any Gate<Double>) -> ConformanceReport.Check {
    var fresh = gate
    do {
      _ = try fresh.backward(upstream: Tensor(1))
      return .init(
        name: "backward before forward", passed: false, detail: "backward returned without error")
    } catch {
      return .init(name: "backward before forward", passed: true, detail: "threw: \(error)")
    }
  }

  /// Forward at `points[0]`, forward at `points[1]`, backward: the same bits as a fresh
  /// forward and backward at `points[1]`.
  func staleCache(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws -> ContractOutcome
  {
    let fresh = try pass(gate, points[1])
    var reused = gate
    _ = try reused.forward(inputs: points[0])
    let output = try reused.forward(inputs: points[1])
    reused.zeroGradients()
    let gradients = try reused.backward(
      upstream: checker.randomUpstream(shape: output.shape, salt: 7))
    let same =
      bits([output] + gradients + reused.parameters.map(\.parameter.gradient)) == bits(fresh.all)
    return same
      ? .holds("backward after two forward passes uses the second")
      : .fails(
        "forward at one point, forward at another, then backward differs from a fresh pass at "
          + "the second: backward uses a cache the second forward pass did not replace")
  }

  /// A copy of a gate after its forward pass runs its own forward and backward at another
  /// point; the original's backward must be what it was.
  func valueSemantics(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws
    -> ContractOutcome
  {
    let fresh = try pass(gate, points[0])
    var original = gate
    let output = try original.forward(inputs: points[0])
    original.zeroGradients()
    var copy = original
    let copied = try copy.forward(inputs: points[1])
    _ = try copy.backward(upstream: checker.randomUpstream(shape: copied.shape, salt: 17))
    let gradients = try original.backward(
      upstream: checker.randomUpstream(shape: output.shape, salt: 7))
    let same =
      bits([output] + gradients + original.parameters.map(\.parameter.gradient))
      == bits(fresh.all)
    return same
      ? .holds("a copy's passes leave the original's backward unchanged")
      : .fails(
        "a copy's forward and backward pass changed the original's backward: state shared "
          + "between copies (a class instance?)")
  }

  func determinism(_ gate: any Gate<Double>, _ points: [[Tensor<Double>]]) throws
    -> ContractOutcome
  {
    let x = points[0]
    let first = try pass(gate, x)
    let second = try pass(gate, x)
    var reused = gate
    _ = try reused.forward(inputs: x)
    let output = try reused.forward(inputs: x)
    reused.zeroGradients()
    let gradients = try reused.backward(
      upstream: checker.randomUpstream(shape: output.shape, salt: 7))
    let identical =
      bits(first.all) == bits(second.all)
      && bits([output] + gradients) == bits([first.output] + first.inputs)
    return identical
      ? .holds("bit-identical over repeated passes") : .fails("repeated passes differ")
  }

  // MARK: Checks on two instances

  /// Loads `gate`'s parameters into `fresh` through `visitParameters` and compares their
  /// passes bit for bit; localized through composites by pairing their children.
  func parametersVisited(
    _ gate: any Gate<Double>, fresh: any Gate<Double>, seeded: Bool, at x: [Tensor<Double>]
  ) -> ConformanceReport.Check {
    let name = "parameters visited"
    let count = gate.parameters.count
    let identical =
      bits(gate.parameters.map(\.parameter.value))
      == bits(fresh.parameters.map(\.parameter.value))
    let outcome = roundTrip(gate, fresh, at: x)
    guard outcome.passed else {
      let culprits = pairedCulprits(gate, fresh, at: x, path: "") { self.roundTrip($0, $1, at: $2) }
      return check(name, outcome, culprits: culprits)
    }
    var detail = "a fresh instance loaded with these \(count) parameters computes the same bits"
    if count > 0, identical {
      detail +=
        seeded
        ? " (the seeded factory made identical parameters)"
        : " (the factory made identical instances, so a parameter that visitParameters misses "
          + "would not show: use check(seeded:…))"
    }
    return .init(name: name, passed: true, detail: detail)
  }

  /// `fresh` with `gate`'s parameters set through its own walk, against `gate`.
  private func roundTrip(
    _ gate: any Gate<Double>, _ fresh: any Gate<Double>, at x: [Tensor<Double>]
  )
    -> ContractOutcome
  {
    var values: [String: Tensor<Double>] = [:]
    for (path, parameter) in gate.parameters { values[path] = parameter.value }
    var loaded = fresh
    do {
      try loaded.assignParameters(values) { "parameters visited: \($0)" }
      let (a, b) = (try pass(gate, x), try pass(loaded, x))
      return bits(a.all) == bits(b.all)
        ? .holds("same bits")
        : .fails(
          "an instance loaded with these parameters computes other outputs or gradients: a "
            + "parameter that visitParameters does not visit keeps its own value")
    } catch {
      return .fails("loading the parameters into a fresh instance threw: \(error)")
    }
  }

  /// A `Float` instance with the `Double` instance's parameters, at the same point:
  /// outputs and the differentiable inputs' and parameters' gradients within the tolerance.
  func floatAgreement(
    _ double: any Gate<Double>, _ float: any Gate<Float>, at x: [Tensor<Double>],
    constants: Set<Int>
  ) -> ConformanceReport.Check {
    var single = float
    do {
      try single.copyParameters(from: double)
    } catch {
      return .init(
        name: "Float agrees", passed: false, detail: "copying the parameters threw: \(error)")
    }
    let outcome = floatOutcome(double, single, at: x, constants: constants)
    guard outcome.passed else {
      let culprits = pairedCulprits(double, single, at: x, path: "") {
        self.floatOutcome($0, $1, at: $2, constants: [])
      }
      return check("Float agrees", outcome, culprits: culprits)
    }
    return .init(name: "Float agrees", passed: true, detail: outcome.detail)
  }

  private func floatOutcome(
    _ double: any Gate<Double>, _ float: any Gate<Float>, at x: [Tensor<Double>],
    constants: Set<Int>
  ) -> ContractOutcome {
    do {
      var probe = double
      let u =
        try checker.randomUpstream(
          shape: probe.forward(inputs: x).shape, salt: 7) as Tensor<Double>
      let d = try pass(double, x, upstream: u)
      let f = try pass(float, x.map { Tensor<Float>($0) }, upstream: Tensor<Float>(u))
      let checked = x.indices.filter { !constants.contains($0) }
      let difference = largestDifference(
        ([f.output] + checked.map { f.inputs[$0] } + f.parameters).map { Tensor<Double>($0) },
        [d.output] + checked.map { d.inputs[$0] } + d.parameters)
      let detail =
        "largest |Float − Double| / max(1, |Double|): \(formatError(difference)) (tolerance \(floatTolerance))"
      return difference <= floatTolerance ? .holds(detail) : .fails(detail)
    } catch {
      return .fails("a pass threw: \(error)")
    }
  }

  // MARK: Helpers

  /// The largest `|a − b| / max(1, |b|)` over matching tensors; infinity for a shape or
  /// count mismatch, NaN when a value is NaN.
  func largestDifference(_ a: [Tensor<Double>], _ b: [Tensor<Double>]) -> Double {
    guard a.count == b.count else { return .infinity }
    var largest = 0.0
    for (x, y) in zip(a, b) {
      guard x.shape == y.shape else { return .infinity }
      for (p, q) in zip(x.scalars, y.scalars) {
        let difference = Swift.abs(p - q) / Swift.max(1, Swift.abs(q))
        if difference.isNaN { return .nan }
        largest = Swift.max(largest, difference)
      }
    }
    return largest
  }

  func bits<S: TensorScalar>(_ tensors: [Tensor<S>]) -> [[UInt64]] {
    tensors.map {
      [UInt64($0.shape.count)] + $0.shape.map { UInt64($0) }
        + $0.scalars.map(\.doubleValue.bitPattern)
    }
  }
}
