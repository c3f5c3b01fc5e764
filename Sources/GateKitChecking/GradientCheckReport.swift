import GateKitCore

/// The result of a gradient check: for each input and each parameter, the largest error
/// between the analytic gradient and the finite-difference estimate, where it occurred,
/// and whether it is within the tolerance.
///
/// `Codable` for JSON output; ``table`` renders it for a terminal.
public struct GradientCheckReport: Codable, Sendable, CustomStringConvertible {
  /// What was checked: an input or a parameter.
  public enum Kind: String, Codable, Sendable {
    /// An input of the gate.
    case input
    /// A parameter, named by its path.
    case parameter
  }

  /// The comparison for one input or parameter tensor.
  public struct Entry: Codable, Sendable {
    /// Input or parameter.
    public var kind: Kind
    /// `input 0` (or the input's name) or the parameter path, such as `layers.2.weight`.
    public var name: String
    /// The tensor's shape.
    public var shape: [Int]
    /// The largest error over the tensor's elements (see ``GradientChecker/error(analytic:numeric:)``).
    public var maxError: Double
    /// The index of the element with the largest error.
    public var worstIndex: [Int]
    /// The analytic gradient at ``worstIndex``.
    public var analytic: Double
    /// The finite-difference gradient at ``worstIndex``.
    public var numeric: Double
    /// Whether ``maxError`` is within the tolerance.
    public var passed: Bool
  }

  /// The checked gate's description.
  public var subject: String
  /// The scalar type the check ran in, such as `Double`.
  public var scalarType: String
  /// The relative step: each element `x` was perturbed by `±step·max(1, |x|)`.
  public var step: Double
  /// The largest error that passes.
  public var tolerance: Double
  /// One entry per input, then one per parameter.
  public var entries: [Entry]

  /// Whether every entry passed.
  public var passed: Bool { entries.allSatisfy(\.passed) }

  /// The largest error over all entries (NaN if any gradient was NaN).
  public var maxError: Double {
    entries.map(\.maxError).reduce(0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
  }

  /// The entries that failed.
  public var failures: [Entry] { entries.filter { !$0.passed } }

  /// The report as a table, one row per input and parameter, under a title line.
  public var table: String {
    var table = TextTable(header: [
      "value", "shape", "max error", "at", "analytic", "numeric", "result",
    ])
    for entry in entries {
      table.append([
        entry.name, "\(entry.shape)", formatError(entry.maxError), "\(entry.worstIndex)",
        "\(entry.analytic)", "\(entry.numeric)", entry.passed ? "pass" : "FAIL",
      ])
    }
    let title =
      "Gradient check of \(subject) in \(scalarType): \(passed ? "passed" : "FAILED") "
      + "(step \(step)·max(1, |x|), tolerance \(tolerance))"
    return title + "\n" + table.rendered
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
