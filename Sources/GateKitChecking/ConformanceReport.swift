import GateKitCore

/// The result of ``GateConformance``: each check passed or failed with a one-line detail,
/// and the full gradient-check report.
///
/// `Codable` for JSON; its `description` is a table. It depends on no test framework:
/// assert on ``passed`` with XCTest (`XCTAssertTrue(report.passed, "\(report)")`) or
/// Swift Testing (`#expect(report.passed)`).
public struct ConformanceReport: Codable, Sendable, CustomStringConvertible {
  /// One check of the suite.
  public struct Check: Codable, Sendable {
    /// The check's name: `gradients`, `shapes`, `linearity`, `accumulation`,
    /// `repeated backward`, `backward before forward`, `stale cache`, `value semantics`,
    /// `determinism`, `parameters visited`, `Float agrees`.
    public var name: String
    /// Whether it passed.
    public var passed: Bool
    /// What was measured, or what went wrong.
    public var detail: String
    /// For a composite that fails the check: the gates inside that fail it on their own,
    /// as `path (description)` (empty when none does, or for a single gate).
    public var gates: [String]

    /// A check result.
    ///
    /// - Parameters:
    ///   - name: The check's name.
    ///   - passed: Whether it passed.
    ///   - detail: What was measured.
    ///   - gates: The gates inside that fail the check on their own.
    public init(name: String, passed: Bool, detail: String, gates: [String] = []) {
      self.name = name
      self.passed = passed
      self.detail = detail
      self.gates = gates
    }
  }

  /// The checked gate's description.
  public var subject: String
  /// The checks, in the order they ran.
  public var checks: [Check]
  /// The gradient check's full report.
  public var gradients: GradientCheckReport

  /// Whether every check passed.
  public var passed: Bool { checks.allSatisfy(\.passed) }

  /// The names of the checks that failed.
  public var failedChecks: [String] { checks.filter { !$0.passed }.map(\.name) }

  /// The gates inside a composite that fail a check on their own, each once, in the order
  /// the checks ran.
  public var blamedGates: [String] {
    var names: [String] = []
    for gate in checks.filter({ !$0.passed }).flatMap(\.gates) where !names.contains(gate) {
      names.append(gate)
    }
    return names
  }

  /// A table of the checks, followed by the gradient report when it failed.
  public var description: String {
    var table = ReportTable(header: ["check", "result", "detail"])
    for check in checks {
      table.append([check.name, check.passed ? "pass" : "FAIL", check.detail])
    }
    let title = "Conformance of \(subject): \(passed ? "passed" : "FAILED")"
    return title + "\n" + table.rendered + (gradients.passed ? "" : "\n" + gradients.table)
  }
}
