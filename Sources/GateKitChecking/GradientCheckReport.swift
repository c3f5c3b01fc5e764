import GateKitCore

/// The result of a gradient check: for each gate that was checked (the subject and, when
/// it did not pass, the gates inside it) and each of its inputs and parameters, every
/// element's analytic and numeric derivative, their errors, the step that resolved them,
/// and a status.
///
/// `Codable` for JSON output; ``table`` renders it for a terminal, ``diagnosis`` says which
/// gate is wrong, and ``blame`` says it in a form a test can assert on.
///
/// ```swift
/// let report = try GradientChecker().check(model, inputs: [x])
/// if !report.passed { print(report.diagnosis) }  // layers.3 (Dense(32 → 10)).weight[4, 7]: …
/// ```
public struct GradientCheckReport: Codable, Sendable, CustomStringConvertible {
  /// What was checked: an input, a parameter, a joint move of tied inputs, a random
  /// projection, or a composite's wiring.
  public enum Kind: String, Codable, Sendable {
    /// An input of the gate.
    case input
    /// A parameter, named by its path inside the gate.
    case parameter
    /// Fast mode's `uᵀ·J·v` over all inputs and parameters at once.
    case projection
    /// Tied inputs of a piecewise-linear gate moved together, along a direction that keeps
    /// the tie (see ``GradientChecker``).
    case tie
    /// A composite's own wiring: whether the gradients it passes between its children and
    /// returns are what the chain rule gives from its children's backward passes.
    case wiring
  }

  /// The verdict on an element, an entry, a blamed gate or the whole report.
  public enum Status: String, Codable, Sendable, Comparable {
    /// The analytic and numeric derivatives agree.
    case passed
    /// The element sits at a kink and the analytic value lies between the one-sided slopes.
    case atKink
    /// This probe alone cannot decide (several kinks crossed at once inside a composite,
    /// or a derivative the composite's probe did not resolve); the gates inside decide.
    case deferred
    /// No finite-difference step resolves the derivative (see ``Element/reason``): neither
    /// a pass nor a failure.
    case inconclusive
    /// The analytic derivative is wrong.
    case failed

    /// Worse statuses compare greater: passed < atKink < deferred < inconclusive < failed.
    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
      switch self {
      case .passed: 0
      case .atKink: 1
      case .deferred: 2
      case .inconclusive: 3
      case .failed: 4
      }
    }

    /// Whether the status counts as passing: passed, at a kink, or deferred.
    public var isPassing: Bool { self <= .deferred }
  }

  /// One element's comparison.
  public struct Element: Codable, Sendable {
    /// The element's index in its tensor (empty for a projection).
    public var index: [Int]
    /// The backward pass's value (for a joint move, the analytic directional derivative).
    public var analytic: Double
    /// The finite-difference estimate at ``step`` (at a kink, the centred one).
    public var numeric: Double
    /// `|analytic − numeric|`.
    public var absoluteError: Double
    /// `|analytic − numeric| / max(|analytic|, |numeric|)` (0 when both are 0).
    public var relativeError: Double
    /// The error compared with the tolerance: `|a − n| / max(|a|, |n|, resolution / tolerance)`,
    /// or at a kink the distance of `a` outside the interval of the one-sided slopes,
    /// scaled the same way. It is at most the tolerance exactly when the element passes.
    public var error: Double
    /// Whether the element sits at a kink: the one-sided slopes differ beyond their error.
    public var atKink: Bool
    /// At a kink, the smaller and larger one-sided slope: the accepted interval.
    public var interval: [Double]?
    /// Whether the element was left to finer checks (``Status/deferred``).
    public var deferred: Bool
    /// Whether the element counts as passing (passed, at a kink or deferred).
    public var passed: Bool
    /// The verdict.
    public var status: Status
    /// The step `t` of the finite difference that decided (the element moved by `±t`).
    public var step: Double
    /// The estimated error of ``numeric`` (truncation and rounding): differences below it
    /// are not measurable at this point.
    public var resolution: Double
    /// Why the element is inconclusive, deferred or failed when the numbers alone do not
    /// say (a forward pass that threw, values that are not finite), if so.
    public var reason: String?
  }

  /// The comparison for one input or parameter tensor of one gate.
  public struct Entry: Codable, Sendable {
    /// The gate's path inside the checked subject: empty for the subject itself,
    /// `layers.3` for a layer of a `Sequential`, a node name in a `Graph`.
    public var gatePath: String
    /// The gate's description, such as `Dense(32 → 10)`.
    public var gate: String
    /// Input, parameter, joint move, projection or wiring.
    public var kind: Kind
    /// `input 0` (or the input's name), the parameter's path inside the gate (`weight`),
    /// the tied inputs (`input 0 + input 1`), the projection, or `wiring`.
    public var name: String
    /// The tensor's shape.
    public var shape: [Int]
    /// Every element checked, in storage order.
    public var elements: [Element]
    /// The largest error over the elements that were decided here (deferred and
    /// inconclusive elements excluded; NaN if a decided derivative was NaN).
    public var maxError: Double
    /// The index of the worst element: the one with the worst status, then the largest
    /// error.
    public var worstIndex: [Int]
    /// The analytic derivative at ``worstIndex``.
    public var analytic: Double
    /// The numeric derivative at ``worstIndex``.
    public var numeric: Double
    /// Why no element could be compared (a gradient of the wrong shape or count, a
    /// backward pass that threw), or what a wiring or localization verdict found.
    public var problem: String?
    /// Whether the entry counts as passing (its status is passed, at a kink or deferred).
    public var passed: Bool
    /// The worst status of its elements (or of the problem).
    public var status: Status

    /// The elements whose probe sits at a kink.
    public var kinkCount: Int { elements.count(where: \.atKink) }

    /// The elements left to finer checks (see ``Status/deferred``).
    public var deferredCount: Int { elements.count(where: \.deferred) }

    /// The elements no step resolved (see ``Status/inconclusive``).
    public var inconclusiveCount: Int { elements.count { $0.status == .inconclusive } }

    /// `layers.3 (Dense(32 → 10)).weight`: where this tensor lives.
    public var location: String {
      let owner = gatePath.isEmpty ? gate : "\(gatePath) (\(gate))"
      return kind == .parameter ? "\(owner).\(name)" : "\(owner) \(name)"
    }

    /// The gate as `path (description)`, or the description alone for the subject.
    public var owner: String { gatePath.isEmpty ? gate : "\(gatePath) (\(gate))" }
  }

  /// A gate the report blames: one that fails (or cannot be decided) on its own and
  /// contains no gate that does, or a composite whose own wiring is wrong or whose failure
  /// no gate inside explains.
  public struct Blame: Codable, Sendable, Equatable {
    /// The gate's path (empty for the subject).
    public var path: String
    /// The gate's description.
    public var gate: String
    /// The tensor at fault: `input 0`, a parameter name, `input 0 + input 1`, `wiring`.
    public var tensor: String
    /// The worst element's index in that tensor (empty for a problem or the wiring).
    public var index: [Int]
    /// ``Status/failed`` or ``Status/inconclusive``.
    public var status: Status
    /// What was found: the worst element's numbers, or the problem.
    public var reason: String

    /// `path (description)`, as ``GradientCheckReport/blamedGates`` lists it.
    public var owner: String { path.isEmpty ? gate : "\(path) (\(gate))" }
  }

  /// What was checked: the subject's description.
  public var subject: String
  /// The scalar type the check ran in: `Double`, or `Float` for a check in single
  /// precision (with its own step and tolerance).
  public var scalarType: String
  /// Full (every element) or fast (random projections, then full where they fail).
  public var mode: GradientChecker.Mode
  /// The first step, relative: each element `x` was first perturbed by `±step·max(1, |x|)`.
  public var step: Double
  /// The largest error that passes.
  public var tolerance: Double
  /// The subject's entries (gate path empty), then those of the gates inside it that were
  /// checked locally to find the wrong one, and the wiring verdicts of composites.
  public var entries: [Entry]
  /// Remarks on how the check ran: gates checked with a random upstream gradient because
  /// the one they received was not finite, composites evaluated whole, checks that threw.
  public var notes: [String] = []

  /// The worst verdict: ``Status/failed`` if a gate is blamed as wrong,
  /// ``Status/inconclusive`` if a gate could not be decided, ``Status/passed`` otherwise.
  public var status: Status {
    blame.map(\.status).max() ?? .passed
  }

  /// Whether the check passed: no gate is wrong and none is undecided.
  public var passed: Bool { status == .passed }

  /// The largest error over all decided elements (NaN if any decided derivative was NaN).
  public var maxError: Double {
    entries.map(\.maxError).reduce(0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
  }

  /// The entries that failed or could not be decided.
  public var failures: [Entry] { entries.filter { !$0.passed } }

  /// The gates to blame, worst element first in each: gates that fail (or cannot be
  /// decided) on their own and contain no gate that does; a composite whose own wiring
  /// is wrong (``Kind/wiring``, failed); a composite that fails while every gate inside
  /// passes and its wiring is right (``Kind/wiring``, inconclusive). Empty when the check
  /// passed.
  public var blame: [Blame] {
    var result: [Blame] = []
    var seen: Set<String> = []
    for entry in entries where seen.insert(entry.gatePath).inserted {
      let own = entries.filter { $0.gatePath == entry.gatePath }
      let wiring = own.first { $0.kind == .wiring }
      let checks = own.filter { $0.kind != .wiring }
      let worst = checks.map(\.status).max() ?? .passed
      let prefix = entry.gatePath.isEmpty ? "" : entry.gatePath + "."
      let insideUndecided = entries.contains {
        $0.gatePath != entry.gatePath && $0.gatePath.hasPrefix(prefix) && !$0.passed
      }
      if let wiring, !wiring.passed, !insideUndecided {
        result.append(Blame(entry: wiring))
      } else if !worst.isPassing, !insideUndecided, wiring == nil,
        let failing = checks.filter({ $0.status == worst }).first
      {
        result.append(Blame(entry: failing))
      }
    }
    return result
  }

  /// The gates blamed as wrong, as `path (description)` (``blame`` with status failed).
  /// Empty when the check passed.
  public var blamedGates: [String] {
    var names: [String] = []
    for item in blame where item.status == .failed && !names.contains(item.owner) {
      names.append(item.owner)
    }
    return names
  }

  /// One line per blamed gate naming its worst element, such as
  /// `layers.3 (Dense(32 → 10)).weight[4, 7]: analytic 0.12, numeric -0.12, error 1.0`,
  /// an inconclusive gate with the reason, or `passed`.
  public var diagnosis: String {
    let lines = blame.map { item in
      let location = item.tensor == "wiring" ? "\(item.owner) wiring" : locationText(item)
      let verdict = item.status == .inconclusive ? "inconclusive: " : ""
      return "\(location): \(verdict)\(item.reason)"
    }
    return lines.isEmpty ? "passed" : lines.joined(separator: "\n")
  }

  private func locationText(_ item: Blame) -> String {
    let isParameter = entries.contains {
      $0.gatePath == item.path && $0.name == item.tensor && $0.kind == .parameter
    }
    let index = item.index.isEmpty ? "" : "\(item.index)"
    return isParameter
      ? "\(item.owner).\(item.tensor)\(index)" : "\(item.owner) \(item.tensor)\(index)"
  }

  /// The report as text: the table and, when it did not pass, the diagnosis.
  public var description: String { table }
}

extension GradientCheckReport.Blame {
  /// The blame for an entry: its worst element's numbers, or its problem.
  init(entry: GradientCheckReport.Entry) {
    let worst = entry.elements.first { $0.index == entry.worstIndex && !$0.passed }
    var reason: String
    if let problem = entry.problem {
      reason = problem
    } else if let worst, let why = worst.reason {
      reason = why
    } else {
      reason =
        "analytic \(entry.analytic), numeric \(entry.numeric), "
        + "error \(formatError(worst?.error ?? entry.maxError))"
      if let interval = worst?.interval {
        reason += " (kink: accepted [\(interval[0]), \(interval[1])])"
      }
    }
    self.init(
      path: entry.gatePath, gate: entry.gate, tensor: entry.name,
      index: entry.problem == nil ? entry.worstIndex : [], status: entry.status, reason: reason)
  }
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
