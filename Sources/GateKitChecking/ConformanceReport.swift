import GateKitCore

/// The result of ``GateConformance``: each check passed or failed with a one-line detail,
/// and the full gradient-check report.
///
/// `Codable` for JSON; its `description` is a table. It depends on no test framework:
/// assert on ``passed`` with XCTest (`XCTAssertTrue(report.passed, "\(report)")`) or
/// Swift Testing (`#expect(report.passed, "\(report)")`).
public struct ConformanceReport: Codable, Sendable, CustomStringConvertible {
  /// One check of the suite.
  public struct Check: Codable, Sendable {
    /// The check's name: `gradients`, `shapes`, `linearity`, `accumulation`,
    /// `backward before forward`, `determinism`, `Float agrees`.
    public var name: String
    /// Whether it passed.
    public var passed: Bool
    /// What was measured, or what went wrong.
    public var detail: String

    /// A check result.
    ///
    /// - Parameters:
    ///   - name: The check's name.
    ///   - passed: Whether it passed.
    ///   - detail: What was measured.
    public init(name: String, passed: Bool, detail: String) {
      self.name = name
      self.passed = passed
      self.detail = detail
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

  /// A table of the checks, followed by the gradient report when it failed.
  public var description: String {
    var table = TextTable(header: ["check", "result", "detail"])
    for check in checks {
      table.append([check.name, check.passed ? "pass" : "FAIL", check.detail])
    }
    let title = "Conformance of \(subject): \(passed ? "passed" : "FAILED")"
    return title + "\n" + table.rendered + (gradients.passed ? "" : "\n" + gradients.table)
  }
}
