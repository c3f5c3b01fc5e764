import Foundation
import GateKit
import GateKitExamples

/// `gatekit predict`: loads a model saved by `gatekit train --save` and prints its
/// outputs and predicted class for each row of a CSV file of raw features, or of the
/// test split of its dataset.
enum PredictCommand {
  static let usage = """
    gatekit predict --model PATH [options]    a saved model's outputs, one line per example
        --input FILE.csv         raw features, one example per row, with a header line
                                 (default: the test split of the model's dataset)
        --dataset NAME   --data-dir DIR  the data when there is no --input
        --json                   JSON lines {"index", "class", "outputs"} instead of CSV
                                 (no class for a regression model)
    """

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    guard let path = try arguments.path("--model") else {
      throw CommandLineError.missingOption("--model PATH", command: "predict")
    }
    let input = try arguments.path("--input")
    let datasetOption = try arguments.option("--dataset")
    let directory = try arguments.path("--data-dir")
    let json = arguments.flag("--json")
    try arguments.finish()

    let saved = try SavedModel(contentsOf: URL(fileURLWithPath: path))
    var printer = Printer(saved: saved, json: json)
    guard let input else {
      let test = try saved.testSet(dataset: datasetOption, directory: directory, command: "predict")
      let features = test.data.features
      for start in stride(from: 0, to: features.shape[0], by: Self.blockRows) {
        let end = Swift.min(start + Self.blockRows, features.shape[0])
        try printer.predict(
          features.gatherRows(Array(start..<end)), from: "the test split of \(test.name)")
      }
      return 0
    }
    // Read, predicted and written a block of rows at a time, so that memory stays the
    // same whatever the file's size and the first lines appear at once.
    let reader = try CSVRowReader(contentsOf: URL(fileURLWithPath: input))
    guard reader.header.count == saved.inputSize else {
      throw GateKitError.invalidArgument(
        operation: "model input",
        reason:
          "\(input) has \(reader.header.count) columns; the model takes rows of \(saved.inputSize) features"
      )
    }
    var row: [Double] = []
    var block: [Float] = []
    block.reserveCapacity(Self.blockRows * saved.inputSize)
    while true {
      let more = try reader.nextRow(into: &row)
      for (column, value) in row.enumerated() {
        let narrowed = Float(value)
        guard narrowed.isFinite else {
          throw csvValueOutOfRange(
            value, for: Float.self, source: input, line: reader.lineNumber, column: column,
            header: reader.header)
        }
        block.append(narrowed)
      }
      if block.count == Self.blockRows * saved.inputSize || (!more && !block.isEmpty) {
        try printer.predict(
          Tensor(shape: [block.count / saved.inputSize, saved.inputSize], scalars: block),
          from: input)
        block.removeAll(keepingCapacity: true)
      }
      if !more { break }
    }
    guard printer.printed > 0 else {
      throw GateKitError.malformedData(source: input, location: "file", reason: "has no rows")
    }
    return 0
  }

  /// The rows predicted at a time.
  static let blockRows = 256

  /// Writes the model's predictions, one line per example, numbering examples across calls.
  struct Printer {
    var saved: SavedModel
    var json: Bool
    /// The examples written so far.
    private(set) var printed = 0
    /// Whether a line carries a class (not for a regression model).
    private let classifies: Bool
    /// Whether the class is the sign of one logit (`bce`) rather than the largest output.
    private let binary: Bool

    init(saved: SavedModel, json: Bool) {
      self.saved = saved
      self.json = json
      classifies = saved.metadata["task"] != "regression"
      binary = saved.metadata["loss"] == "bce"
    }

    /// Predicts the rows of `features` (raw, as in `source`) and writes a line for each,
    /// after a header line before the first (CSV).
    ///
    /// - Throws: `GateKitError.nonFinite` naming the example and output when the model
    ///   gives a NaN or an infinity (its inputs are too large for it), and what writing
    ///   throws.
    mutating func predict(_ features: Tensor<Float>, from source: String) throws {
      let outputs = try saved.model.forward(saved.prepare(features, from: source))
      let width = outputs.shape[1]
      if printed == 0, !json {
        let columns =
          ["index"] + (classifies ? ["class"] : []) + (0..<width).map { "output\($0)" }
        try Console.standardOutput.line(columns.joined(separator: ","))
      }
      for row in 0..<outputs.shape[0] {
        let values = Array(outputs.scalars[(row * width)..<((row + 1) * width)])
        if let column = values.firstIndex(where: { !$0.isFinite }) {
          throw GateKitError.nonFinite(
            operation: "gatekit predict",
            location:
              "output \(column) of example \(printed) (\(source)): its inputs are out of the model's range"
          )
        }
        try write(values, index: printed)
        printed += 1
      }
    }

    private func write(_ values: [Float], index: Int) throws {
      // The class: the largest output, or for one logit (bce) whether it is positive.
      let predicted =
        binary ? (values[0] > 0 ? 1 : 0) : values.indices.max { values[$0] < values[$1] } ?? 0
      if json {
        try Console.standardOutput.line(
          JSONValue.object(
            [("index", .number(Double(index)))]
              + (classifies ? [("class", .number(Double(predicted)))] : [])
              + [("outputs", .array(values.map { .number(Double($0)) }))]
          ).text)
      } else {
        let cells =
          [String(index)] + (classifies ? [String(predicted)] : []) + values.map { "\($0)" }
        try Console.standardOutput.line(cells.joined(separator: ","))
      }
    }
  }
}
