import Foundation
import GateKit
import GateKitExamples

/// `gatekit gradcheck [--json]`: the gradient checker over every built-in gate, a sample
/// Sequential and sample Graphs, at several seeds; exits 1 if any check fails or is
/// inconclusive.
enum GradcheckCommand {
  static let usage = "gatekit gradcheck [--json]   check every built-in gate's gradients"

  /// One line of `--json` output.
  private struct Line: Encodable {
    var gate: String
    var seed: UInt64
    var report: GradientCheckReport
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    try arguments.finish()
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    var table = TextTable(header: [
      "gate and input shapes", "tensors", "seed", "max error", "result",
    ])
    var failures: [GradientCheckReport] = []
    var count = 0
    for testCase in try BuiltInGradientChecks.cases() {
      for seed in BuiltInGradientChecks.seeds {
        let report = try testCase.check(seed: seed)
        count += 1
        if !report.passed { failures.append(report) }
        if json {
          let data = try encoder.encode(
            Line(gate: testCase.description, seed: seed, report: report))
          try Console.standardOutput.line(String(decoding: data, as: UTF8.self))
        } else {
          table.append([
            testCase.description, "\(report.entries.count)", "\(seed)",
            String(format: "%.1e", report.maxError),
            report.passed ? "pass" : report.status == .inconclusive ? "INCONCLUSIVE" : "FAIL",
          ])
        }
      }
    }
    if !json {
      try Console.standardOutput.line(table.rendered)
      for failure in failures { try Console.standardOutput.line("\n" + failure.table) }
      let inconclusive = failures.count { $0.status == .inconclusive }
      try Console.standardOutput.line(
        "\n\(count) checks, \(failures.count - inconclusive) failed, \(inconclusive) inconclusive "
          + "(tolerance \(GradientChecker().tolerance))")
    }
    return failures.isEmpty ? 0 : 1
  }
}
