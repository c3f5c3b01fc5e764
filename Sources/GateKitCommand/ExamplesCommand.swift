import Foundation
import GateKit
import GateKitCore
import GateKitExamples

/// `gatekit examples [--json] [--dot DIR]`: the course's worked examples, forward and
/// backward, each confirmed by the gradient checker; with `--dot`, their circuits drawn as
/// Graphviz diagrams.
enum ExamplesCommand {
  static let usage = """
    gatekit examples [--json]    the course examples S1–S6, with their numbers
        --dot DIR                also draw the S1 and S6 circuits with their values and
                                 gradients: DIR/<example>.dot, and .svg when Graphviz's
                                 `dot` is on the PATH
    """

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    let diagramDirectory = try arguments.path("--dot")
    try arguments.finish()
    // Made before the examples run, so that a bad path fails at once.
    if let diagramDirectory { try makeDirectory(diagramDirectory, option: "--dot") }
    let runs = try CourseExamples.all()
    for run in runs {
      try Console.standardOutput.line(json ? run.jsonLine : text(run))
    }
    let stories = try CourseStories.all()
    for story in stories {
      try Console.standardOutput.line(json ? story.jsonLine : text(story))
    }
    if let diagramDirectory {
      try writeDiagrams(of: runs, to: diagramDirectory) { line in
        // With --json, standard output stays one JSON object per line.
        try (json ? Console.standardError : Console.standardOutput).line(line)
      }
    }
    return runs.allSatisfy(\.check.passed) && stories.allSatisfy(\.passed) ? 0 : 1
  }

  // MARK: Diagrams

  /// Writes `<id>.dot` for each course circuit (values and gradients at the example's
  /// point, upstream gradient 1), and `<id>.svg` when Graphviz's `dot` is on the PATH.
  /// Each file is written to a temporary file and renamed, so a reader never sees half.
  static func writeDiagrams(
    of runs: [ExampleRun], to path: String, report: (String) throws -> Void
  ) throws {
    let circuits: [(id: String, circuit: Graph<Double>)] = [
      ("s1", try CourseCircuits.s1()),
      ("s6-neuron", try CourseCircuits.s6Neuron()),
      ("s6-staged", try CourseCircuits.s6Staged()),
    ]
    let directory = URL(fileURLWithPath: path, isDirectory: true)
    let renderer = executableOnPath("dot")
    for (id, circuit) in circuits {
      guard let run = runs.first(where: { $0.id == id }) else { continue }
      var diagram = try CircuitDiagram(
        circuit,
        inputs: Dictionary(uniqueKeysWithValues: run.inputs.map { ($0.name, Tensor($0.value)) }),
        upstream: 1)
      diagram.title = run.title
      let dotFile = directory.appendingPathComponent(id + ".dot")
      try AtomicFile.write(Data(diagram.dot.utf8), to: dotFile)
      var written = [dotFile.path]
      if let renderer {
        let svgFile = directory.appendingPathComponent(id + ".svg")
        try AtomicFile.write(render(dotFile, with: renderer), to: svgFile)
        written.append(svgFile.path)
      }
      try report("diagram    \(written.joined(separator: ", "))")
    }
    if renderer == nil {
      try report("diagram    Graphviz's dot is not on the PATH: wrote .dot files only, no .svg")
    }
  }

  /// Creates the directory `path` (and missing parents) unless it exists.
  ///
  /// - Throws: `CommandLineError.invalidValue` naming `option` when `path` is a file or
  ///   cannot be created, with the system's reason.
  private static func makeDirectory(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw CommandLineError.invalidValue(
          option: option, value: path, expected: "directory (a file of that name exists)")
      }
      return
    }
    guard mkdirWithParents(path) else {
      throw CommandLineError.invalidValue(
        option: option, value: path,
        expected: "directory: it cannot be created (\(systemMessage(errno)))")
    }
  }

  /// `mkdir -p`: whether `path` is a directory afterwards (`errno` says why not).
  private static func mkdirWithParents(_ path: String) -> Bool {
    let parent = (path as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    if !parent.isEmpty, parent != path,
      !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory)
    {
      guard mkdirWithParents(parent) else { return false }
    }
    return mkdir(path, 0o777) == 0 || errno == EEXIST
  }

  /// The SVG that `dot -Tsvg` makes of a DOT file.
  private static func render(_ dotFile: URL, with renderer: URL) throws -> Data {
    let process = Process()
    process.executableURL = renderer
    process.arguments = ["-Tsvg", dotFile.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let svg = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, !svg.isEmpty else {
      throw DiagramError.renderingFailed(
        file: dotFile.path, status: process.terminationStatus)
    }
    return svg
  }

  /// The first executable file called `name` in the directories of `PATH`.
  private static func executableOnPath(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// `dot` failed on a diagram.
  enum DiagramError: Error, CustomStringConvertible {
    case renderingFailed(file: String, status: Int32)

    var description: String {
      switch self {
      case .renderingFailed(let file, let status):
        "dot -Tsvg \(file) failed (exit status \(status))"
      }
    }
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
