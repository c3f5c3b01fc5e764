import Foundation
import GateKit
import GateKitExamples

/// `gatekit evaluate`: loads a model saved by `gatekit train --save` and reports its loss
/// and accuracy on the test split of its dataset (or of another one with the same
/// features).
enum EvaluateCommand {
  static let usage = """
    gatekit evaluate --model PATH [options]   score a saved model on a test set
        --dataset NAME   --data-dir DIR  the data (default: the dataset the model was trained on)
        --json                   one JSON line of results
    """

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    guard let path = try arguments.path("--model") else {
      throw CommandLineError.missingOption("--model PATH", command: "evaluate")
    }
    let datasetOption = try arguments.option("--dataset")
    let directory = try arguments.path("--data-dir")
    let json = arguments.flag("--json")
    try arguments.finish()

    let saved = try SavedModel(contentsOf: URL(fileURLWithPath: path))
    let (dataset, rawTest) = try saved.testSet(
      dataset: datasetOption, directory: directory, command: "evaluate")
    let test = try rawTest.replacingFeatures(saved.prepare(rawTest.features, from: dataset))
    let objective = try Objective(
      loss: saved.metadata["loss"] ?? "cross-entropy", for: test, dataset: dataset)
    let evaluation = try evaluate(
      saved.model, loss: objective.loss, on: test,
      configuration: objective.applied(
        to: TrainingConfiguration(epochs: 1, batchSize: 1024, seed: 0)))
    let accuracy = evaluation.accuracy.map { String(format: "test accuracy %.2f%%, ", $0 * 100) }
    if json {
      try Console.standardOutput.line(
        JSONValue.object([
          ("model", .string(path)), ("dataset", .string(dataset)),
          ("examples", .number(Double(evaluation.count))),
          ("test_accuracy", evaluation.accuracy.map(JSONValue.number) ?? .string("n/a")),
          ("test_loss", .number(evaluation.loss)),
        ]).text)
    } else {
      try Console.standardOutput.line(
        "\(path): \(accuracy ?? "")test loss \(String(format: "%.4f", evaluation.loss)) on \(evaluation.count) examples of \(dataset)"
      )
    }
    return 0
  }

  /// The model's loss and accuracy on `data`.
  static func evaluate(
    _ model: Sequential<Float>, loss: some Loss<Float>, on data: Dataset<Float>,
    configuration: TrainingConfiguration
  ) throws -> Evaluation {
    var trainer = Trainer(model: model, loss: loss, optimizer: try SGD<Float>(learningRate: 0))
    return try trainer.evaluate(data, configuration: configuration)
  }

}
