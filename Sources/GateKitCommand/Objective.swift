import GateKit

/// What a loss name means for a dataset: the loss gate, the number of model outputs,
/// and how targets are encoded and accuracy is counted. Shared by `train`, `evaluate`
/// and `predict`, so a saved model is scored the way it was trained.
struct Objective {
  /// The loss gate.
  var loss: any Loss<Float>
  /// The model's output size.
  var outputs: Int
  /// How the dataset's targets become the loss's targets.
  var targetEncoding = TargetEncoding.asStored
  /// How a prediction counts as correct.
  var accuracy = AccuracyRule.argmax

  /// The objective for `--loss name` on `data` (named `dataset` in errors).
  ///
  /// - Throws: `GateKitError.invalidArgument` when the loss does not fit the data.
  init(loss name: String, for data: Dataset<Float>, dataset: String) throws {
    switch (name, data.classCount) {
    case ("cross-entropy", let classes?):
      (loss, outputs) = (SoftmaxCrossEntropy(), classes)
    case ("bce", 2):
      (loss, outputs) = (BinaryCrossEntropyWithLogits(), 1)
      (targetEncoding, accuracy) = (.column, .threshold(0))
    case ("mse", let classes):
      (loss, outputs) = (MeanSquaredError(reduction: .batchMean), classes ?? data.targets.shape[1])
      if classes != nil { targetEncoding = .oneHot }
    default:
      throw GateKitError.invalidArgument(
        operation: "gatekit",
        reason:
          "loss '\(name)' does not fit \(dataset) (\(data.classCount.map { "\($0) classes" } ?? "regression"))"
      )
    }
  }

  /// `configuration` with this objective's target encoding and accuracy rule.
  func applied(to configuration: TrainingConfiguration) -> TrainingConfiguration {
    var configuration = configuration
    (configuration.targetEncoding, configuration.accuracy) = (targetEncoding, accuracy)
    return configuration
  }
}
