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
    guard let path = try arguments.option("--model") else {
      throw CommandLineError.missingOption("--model PATH", command: "predict")
    }
    let input = try arguments.option("--input")
    let datasetOption = try arguments.option("--dataset")
    let directory = try arguments.option("--data-dir")
    let json = arguments.flag("--json")
    try arguments.finish()

    let saved = try SavedModel(contentsOf: URL(fileURLWithPath: path))
    let features: Tensor<Float>
    let source = input ?? "the test split"
    if let input {
      let table = try CSVTable(contentsOf: URL(fileURLWithPath: input))
      features = try Tensor(
        shape: [table.rows.count, table.header.count],
        scalars: table.rows.flatMap { $0.map(Float.init) })
    } else {
      features = try saved.testSet(
        dataset: datasetOption, directory: directory, command: "predict"
      ).data.features
    }
    var trainer = Trainer(
      model: saved.model, loss: MeanSquaredError<Float>(),
      optimizer: try SGD<Float>(learningRate: 0))
    let outputs = try trainer.predict(saved.prepare(features, from: source))
    let width = outputs.shape[1]
    let classifies = saved.metadata["task"] != "regression"
    let binary = saved.metadata["loss"] == "bce"
    if !json {
      let columns = ["index"] + (classifies ? ["class"] : []) + (0..<width).map { "output\($0)" }
      try Console.standardOutput.line(columns.joined(separator: ","))
    }
    for row in 0..<outputs.shape[0] {
      let values = Array(outputs.scalars[(row * width)..<((row + 1) * width)])
      // The class: the largest output, or for one logit (bce) whether it is positive.
      let predicted =
        binary ? (values[0] > 0 ? 1 : 0) : values.indices.max { values[$0] < values[$1] } ?? 0
      if json {
        try Console.standardOutput.line(
          JSONValue.object(
            [("index", .number(Double(row)))]
              + (classifies ? [("class", .number(Double(predicted)))] : [])
              + [("outputs", .array(values.map { .number(Double($0)) }))]
          ).text)
      } else {
        let cells = [String(row)] + (classifies ? [String(predicted)] : []) + values.map { "\($0)" }
        try Console.standardOutput.line(cells.joined(separator: ","))
      }
    }
    return 0
  }
}
