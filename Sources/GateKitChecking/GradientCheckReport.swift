import GateKitCore

/// The result of a gradient check: for each gate that was checked (the subject and, when
/// it failed, the gates inside it) and each of its inputs and parameters, every element's
/// analytic and numeric derivative, their errors, whether the probe straddled a kink, and
/// whether it passed.
///
/// `Codable` for JSON output; ``table`` renders it for a terminal and ``diagnosis`` says in
/// one line which gate is wrong.
///
/// ```swift
/// let report = try GradientChecker().check(model, inputs: [x])
/// if !report.passed { print(report.diagnosis) }  // layers.3 (Dense(32 → 10)).weight[4, 7]: …
/// ```
public struct GradientCheckReport: Codable, Sendable, CustomStringConvertible {
  /// What was checked: an input, a parameter, or (in fast mode) a random projection.
  public enum Kind: String, Codable, Sendable {
    /// An input of the gate.
    case input
    /// A parameter, named by its path inside the gate.
    case parameter
    /// Fast mode's `uᵀ·J·v` over all inputs and parameters at once.
    case projection
  }

  /// One element's comparison.
  public struct Element: Codable, Sendable {
    /// The element's index in its tensor (empty for a projection).
    public var index: [Int]
    /// The backward pass's value.
    public var analytic: Double
    /// The centered finite difference `(L(x + h) − L(x − h)) / 2h`.
    public var numeric: Double
    /// `|analytic − numeric|`.
    public var absoluteError: Double
    /// `|analytic − numeric| / max(|analytic|, |numeric|)` (0 when both are 0).
    public var relativeError: Double
    /// The error compared with the tolerance: `|a − n| / max(|a|, |n|, 1)`, or at a kink
    /// the distance of `a` outside the interval of the one-sided slopes, scaled the same
    /// way.
    public var error: Double
    /// Whether the probe straddled a point where a gate is not differentiable.
    public var atKink: Bool
    /// At a kink, the smaller and larger one-sided slope: the accepted interval.
    public var interval: [Double]?
    /// At a kink that this probe alone cannot decide, left to finer checks: several kinks
    /// crossed at once (inside a composite, or along a fast-mode projection), where a
    /// correct gradient may lie outside the one-sided slopes because the chain rule does
    /// not hold for subgradients. The gates inside are then checked one element at a
    /// time, where a single kink is decidable. A deferred element counts as passed here.
    public var deferred: Bool
    /// Whether ``error`` is within the tolerance.
    public var passed: Bool
  }

  /// The comparison for one input or parameter tensor of one gate.
  public struct Entry: Codable, Sendable {
    /// The gate's path inside the checked subject: empty for the subject itself,
    /// `layers.3` for a layer of a `Sequential`, a node name in a `Graph`.
    public var gatePath: String
    /// The gate's description, such as `Dense(32 → 10)`.
    public var gate: String
    /// Input, parameter or projection.
    public var kind: Kind
    /// `input 0` (or the input's name), the parameter's path inside the gate (`weight`),
    /// or the projection's description.
    public var name: String
    /// The tensor's shape.
    public var shape: [Int]
    /// Every element checked, in storage order.
    public var elements: [Element]
    /// The largest error over the elements (NaN if any derivative was NaN).
    public var maxError: Double
    /// The index of the element with the largest error.
    public var worstIndex: [Int]
    /// The analytic derivative at ``worstIndex``.
    public var analytic: Double
    /// The numeric derivative at ``worstIndex``.
    public var numeric: Double
    /// Why no element could be compared (a gradient of the wrong shape or count), if so.
    public var problem: String?
    /// Whether every element passed and there is no ``problem``.
    public var passed: Bool

    /// The elements whose probe straddled a kink.
    public var kinkCount: Int { elements.count(where: \.atKink) }

    /// The elements left to finer checks (see ``Element/deferred``).
    public var deferredCount: Int { elements.count(where: \.deferred) }

    /// `layers.3 (Dense(32 → 10)).weight`: where this tensor lives.
    public var location: String {
      let owner = gatePath.isEmpty ? gate : "\(gatePath) (\(gate))"
      return kind == .parameter ? "\(owner).\(name)" : "\(owner) \(name)"
    }
  }

  /// What was checked: the subject's description.
  public var subject: String
  /// The scalar type the check ran in: `Double`, or `Float` for a check in single
  /// precision (with its own step and tolerance).
  public var scalarType: String
  /// Full (every element) or fast (random projections, then full where they fail).
  public var mode: GradientChecker.Mode
  /// The relative step: each element `x` was perturbed by `±step·max(1, |x|)`.
  public var step: Double
  /// The largest error that passes.
  public var tolerance: Double
  /// The subject's entries (gate path empty), then those of the gates inside it that were
  /// checked locally to find the wrong one.
  public var entries: [Entry]

  /// Whether every entry passed.
  public var passed: Bool { entries.allSatisfy(\.passed) }

  /// The largest error over all entries (NaN if any gradient was NaN).
  public var maxError: Double {
    entries.map(\.maxError).reduce(0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
  }

  /// The entries that failed.
  public var failures: [Entry] { entries.filter { !$0.passed } }

  /// The gates to blame, as `path (description)`: those that failed their own check and
  /// contain no failing gate. A composite is blamed only when all its children pass on
  /// their own (then its wiring is wrong). Empty when the check passed.
  public var blamedGates: [String] {
    let failing = failures
    var seen: Set<String> = []
    var blamed: [String] = []
    for entry in failing where seen.insert(entry.gatePath).inserted {
      let prefix = entry.gatePath.isEmpty ? "" : entry.gatePath + "."
      let hasFailingChild = failing.contains {
        $0.gatePath != entry.gatePath && $0.gatePath.hasPrefix(prefix)
      }
      if !hasFailingChild {
        blamed.append(entry.gatePath.isEmpty ? entry.gate : "\(entry.gatePath) (\(entry.gate))")
      }
    }
    return blamed
  }

  /// One line per blamed gate naming its worst element, such as
  /// `layers.3 (Dense(32 → 10)).weight[4, 7]: analytic 0.12, numeric -0.12, error 1.0`,
  /// or `passed`.
  public var diagnosis: String {
    let blamed = Set(blamedGates)
    let lines = failures.filter { entry in
      blamed.contains(entry.gatePath.isEmpty ? entry.gate : "\(entry.gatePath) (\(entry.gate))")
    }.map { entry in
      if let problem = entry.problem { return "\(entry.location): \(problem)" }
      let index = entry.worstIndex.isEmpty ? "" : "\(entry.worstIndex)"
      return "\(entry.location)\(index): analytic \(entry.analytic), numeric \(entry.numeric), "
        + "error \(formatError(entry.maxError))"
    }
    return lines.isEmpty ? "passed" : lines.joined(separator: "\n")
  }

  /// The report as a table, one row per gate and tensor, under a title line; failing
  /// elements are listed below it (at most ten per tensor).
  public var table: String {
    var table = TextTable(header: [
      "gate", "value", "shape", "max error", "at", "analytic", "numeric", "kinks", "result",
    ])
    for entry in entries {
      table.append([
        entry.gatePath.isEmpty ? entry.gate : "\(entry.gatePath) (\(entry.gate))", entry.name,
        "\(entry.shape)", entry.problem == nil ? formatError(entry.maxError) : "-",
        "\(entry.worstIndex)", "\(entry.analytic)", "\(entry.numeric)", "\(entry.kinkCount)",
        entry.passed ? "pass" : "FAIL",
      ])
    }
    let precision =
      scalarType == "Double" ? "" : " — a \(scalarType) check: prefer checking in Double"
    var text =
      "Gradient check (\(mode)) of \(subject) in \(scalarType): \(passed ? "passed" : "FAILED") "
      + "(step \(step)·max(1, |x|), tolerance \(tolerance))\(precision)\n" + table.rendered
    for entry in failures {
      if let problem = entry.problem {
        text += "\nFAIL \(entry.location): \(problem)"
        continue
      }
      for element in entry.elements.filter({ !$0.passed }).prefix(10) {
        let interval = element.interval.map { " (kink: accepted [\($0[0]), \($0[1])])" } ?? ""
        text +=
          "\nFAIL \(entry.location)\(element.index.isEmpty ? "" : "\(element.index)"): "
          + "analytic \(element.analytic), numeric \(element.numeric), "
          + "error \(formatError(element.error))\(interval)"
      }
    }
    if !passed { text += "\nBlame: " + blamedGates.joined(separator: ", ") }
    return text
  }

  /// The same as ``table``.
  public var description: String { table }
}

/// An error in scientific notation with two significant digits, such as `3.1e-11`.
func formatError(_ error: Double) -> String {
  guard error.isFinite, error > 0 else { return "\(error)" }
  var exponent = 0
  var mantissa = error
  while mantissa >= 10 {
    mantissa /= 10
    exponent += 1
  }
  while mantissa < 1 {
    mantissa *= 10
    exponent -= 1
  }
  let rounded = (mantissa * 10).rounded() / 10
  return rounded >= 10 ? "1.0e\(exponent + 1)" : "\(rounded)e\(exponent)"
}
