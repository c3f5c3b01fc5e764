import Foundation
import GateKit

/// Training progress: a redrawn bar on a terminal (epoch, step, loss, accuracy,
/// samples/s, ETA), one line per epoch otherwise.
struct ProgressDisplay {
  /// Whether to draw the live bar (standard output is a terminal and not in JSON mode).
  let live: Bool
  /// Where the lines go (standard error when standard output carries JSON).
  let output: Console
  private let start = ContinuousClock.now
  private var lastDraw = ContinuousClock.now
  private var estimate = (completed: 0, total: 1)

  init(jsonOutput: Bool) {
    live = !jsonOutput && isatty(STDOUT_FILENO) == 1
    output = jsonOutput ? .standardError : .standardOutput
  }

  /// Writes a line, at once: a stream that cannot take it stops the run before training,
  /// not after.
  ///
  /// - Throws: ``ConsoleError`` when the stream cannot take it.
  func write(_ line: String) throws {
    try output.line(line)
    try output.flush()
  }

  /// The estimated time left, from the mean time per update so far.
  private var remainingSeconds: Double {
    let elapsed =
      Double((ContinuousClock.now - start).components.seconds)
      + Double((ContinuousClock.now - start).components.attoseconds) * 1e-18
    guard estimate.completed > 0 else { return 0 }
    return elapsed / Double(estimate.completed) * Double(estimate.total - estimate.completed)
  }

  /// Records progress and redraws the bar, at most 20 times a second.
  mutating func step(_ report: StepReport) throws {
    estimate = ((report.epoch - 1) * report.steps + report.step, report.epochs * report.steps)
    guard live else { return }
    let now = ContinuousClock.now
    guard report.step == report.steps || now - lastDraw > .milliseconds(50) else { return }
    lastDraw = now
    let width = 24
    let filled = width * report.step / Swift.max(report.steps, 1)
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    let accuracy = report.accuracy.map { String(format: "  acc %.2f%%", $0 * 100) } ?? ""
    let text =
      String(format: "\r\u{1B}[2Kepoch %d/%d [", report.epoch, report.epochs) + bar
      + String(format: "] %d/%d  loss %.4f", report.step, report.steps, report.loss) + accuracy
      + "  \(compact(report.examplesPerSecond)) samples/s  ETA \(duration(remainingSeconds))"
    try output.write(text)
    try output.flush()
  }

  /// Ends the bar's line and prints the epoch's summary (for long runs, about a hundred
  /// evenly spaced epochs and the last).
  func epoch(_ record: EpochRecord, of epochs: Int) throws {
    if live { try output.write("\r\u{1B}[2K") }
    guard record.epoch % Swift.max(1, epochs / 100) == 0 || record.epoch == epochs else { return }
    var line = String(format: "epoch %3d/%d  loss %.4f", record.epoch, epochs, record.trainingLoss)
    if let accuracy = record.trainingAccuracy {
      line += String(format: "  acc %6.2f%%", accuracy * 100)
    }
    if let validation = record.validation {
      line += String(format: "  test loss %.4f", validation.loss)
      if let accuracy = validation.accuracy {
        line += String(format: "  test acc %6.2f%%", accuracy * 100)
      }
    }
    line += String(format: "  %.2f s", record.seconds)
    if record.epoch < epochs { line += "  ETA " + duration(remainingSeconds) }
    try write(line)
  }
}

/// `12.3k`, `1.23M`.
func compact(_ value: Double) -> String {
  switch value {
  case 1e6...: String(format: "%.2fM", value / 1e6)
  case 1e3...: String(format: "%.1fk", value / 1e3)
  default: String(format: "%.0f", value)
  }
}

/// `12 s` or `1:05`.
func duration(_ seconds: Double) -> String {
  seconds < 60
    ? String(format: "%.0f s", seconds)
    : String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60)
}
