import Foundation
import GateKit
import GateKitExamples

/// `gatekit bench predict`: `gatekit predict --input` on a large CSV file (digits-shaped
/// rows of 64 raw features), run as a child process the way an operator runs it: rows per
/// second, the seconds until its first line of output, and its peak resident memory,
/// which a streaming reader keeps the same whatever the file's size.
enum PredictBenchmark {
  /// The columns of a row: the digits set's 8 × 8 pixels.
  static let columns = 64

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    let megabytes = try arguments.integer("--megabytes", in: 1...4096) ?? 200
    let repeats = try arguments.integer("--repeats", in: 1...100) ?? 1
    try arguments.finish()
    guard let executable = Bundle.main.executablePath else {
      throw BenchmarkError.childFailed("gatekit", "cannot find its own executable")
    }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gatekit-bench-predict-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("digits.safetensors").path
    let input = directory.appendingPathComponent("rows.csv")

    let training = try ChildProcess(
      executable, ["train", "--dataset", "digits", "--epochs", "1", "--save", model])
    training.readOutput { _ in }
    guard training.wait().status == 0 else {
      throw BenchmarkError.childFailed(executable, "'gatekit train --save \(model)' failed")
    }
    let rows = try writeRows(to: input, bytes: megabytes << 20)

    let monitor = LoadMonitor()
    var seconds: [Double] = []
    var firstOutput: [Double] = []
    var peaks: [Double] = []
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      let predict = try ChildProcess(
        executable, ["predict", "--model", model, "--input", input.path])
      var first: Double?
      var lines = 0
      predict.readOutput { chunk in
        if first == nil { first = (ContinuousClock.now - start).seconds }
        lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      }
      let outcome = predict.wait()
      seconds.append((ContinuousClock.now - start).seconds)
      guard outcome.status == 0, lines == rows + 1 else {
        throw BenchmarkError.childFailed(
          executable,
          "'gatekit predict' ended with status \(outcome.status.map(String.init) ?? "signal") after \(lines) of \(rows + 1) lines"
        )
      }
      firstOutput.append(first ?? .nan)
      peaks.append(Double(outcome.peakResidentBytes) / 1_048_576)
    }
    let time = medianSpread(seconds)
    let firstLine = medianSpread(firstOutput).median
    let peak = medianSpread(peaks).max
    if json {
      let line: [(String, JSONValue)] = [
        ("impl", .string("gatekit")), ("bench", .string("predict")),
        ("rows", .number(Double(rows))), ("megabytes", .number(Double(megabytes))),
        ("seconds", .number(rounded(time.median, 3))),
        ("seconds_min", .number(rounded(time.min, 3))),
        ("rows_per_s", .number(rounded(Double(rows) / time.median, 0))),
        ("first_output_s", .number(rounded(firstLine, 4))),
        ("peak_rss_mb", .number(rounded(peak, 1))), ("repeats", .number(Double(repeats))),
        ("other_load", monitor.otherLoad.map(JSONValue.number) ?? .string("n/a")),
      ]
      try Console.standardOutput.line(JSONValue.object(line).text)
    } else {
      try Console.standardOutput.line(
        String(
          format:
            "gatekit predict %d MB (%d rows): %.2f s, %.0f rows/s, first line after %.3f s, peak RSS %.1f MB",
          megabytes, rows, time.median, Double(rows) / time.median, firstLine, peak))
    }
    return 0
  }

  /// Writes a header and seeded rows of integers 0…16 (the digits set's raw pixel values)
  /// until the file holds at least `bytes` bytes.
  ///
  /// - Returns: The number of rows written.
  private static func writeRows(to url: URL, bytes: Int) throws -> Int {
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw BenchmarkError.childFailed("bench predict", "cannot create \(url.path)")
    }
    let file = try FileHandle(forWritingTo: url)
    defer { try? file.close() }
    let names = (0..<columns).map { "pixel\($0)" }.joined(separator: ",") + "\n"
    var chunk = Array(names.utf8)
    let fields = (0...16).map { Array(String($0).utf8) }
    var generator = SeededGenerator(seed: 7)
    var written = 0
    var rows = 0
    while written + chunk.count < bytes {
      for column in 0..<columns {
        chunk += fields[Int.random(in: 0...16, using: &generator)]
        chunk.append(column == columns - 1 ? 0x0A : 0x2C)
      }
      rows += 1
      if chunk.count >= 1 << 20 {
        try file.write(contentsOf: chunk)
        written += chunk.count
        chunk.removeAll(keepingCapacity: true)
      }
    }
    try file.write(contentsOf: chunk)
    return rows
  }
}
