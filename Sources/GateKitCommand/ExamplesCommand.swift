import Foundation
import GateKit
import GateKitExamples

/// `gatekit examples [--json]`: the course's worked examples, forward and backward, each
/// confirmed by the gradient checker.
enum ExamplesCommand {
  static let usage = "gatekit examples [--json]    the course examples S1–S6, with their numbers"

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    try arguments.finish()
    let runs = try CourseExamples.all()
    for run in runs {
      print(json ? run.jsonLine : text(run))
    }
    let stories = try CourseStories.all()
    for story in stories {
      print(json ? story.jsonLine : text(story))
    }
    return runs.allSatisfy(\.check.passed) && stories.allSatisfy(\.passed) ? 0 : 1
  }

  static func text(_ run: ExampleRun) -> String {
    let output = run.outputs.first?.name ?? "f"
    func list(_ pairs: [(name: String, value: Double)], prefix: String = "") -> String {
      pairs.map { "\(prefix)\($0.name) = \(number($0.value))" }.joined(separator: ", ")
    }
    return """
      \(run.id.uppercased())  \(run.title)
        inputs     \(list(run.inputs))
        forward    \(list(run.stages + run.outputs))
        backward   \(list(run.gradients, prefix: "d\(output)/d"))
        checker    \(run.check.passed ? "passed" : "FAILED"), max error \(String(format: "%.1e", run.check.maxError))
      """
  }

  static func text(_ story: StoryResult) -> String {
    (["\(story.id.uppercased())  \(story.title)"] + story.lines.map { "  " + $0 }
      + ["  result     \(story.passed ? "as the notes promise" : "FAILED the promised numbers")"])
      .joined(separator: "\n")
  }

  /// Integral values as integers, others to four decimals.
  static func number(_ value: Double) -> String {
    value == value.rounded() && Swift.abs(value) < 1e15
      ? String(Int64(value)) : String(format: "%.4f", value)
  }
}
