import Foundation
import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitTraining: every row is a bad input to a public entry point that
// must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same
// rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad training runs (GateKitTraining).
let trainingBadInputs: [BadInput] = [
  BadInput(
    "Trainer.fit", "an empty training set", "invalidArgument",
    ["Trainer.fit", "the training set is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(
      Fixture.labelled().subset([]), configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "an empty validation set", "invalidArgument",
    ["Trainer.fit", "the validation set is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(
      Fixture.labelled(), validation: Fixture.labelled().subset([]),
      configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.evaluate", "an empty dataset", "invalidArgument",
    ["Trainer.evaluate", "the dataset is empty"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.evaluate(Fixture.labelled().subset([]))
  },
  BadInput(
    "Trainer.predict", "a zero batch size", "invalidArgument",
    ["Trainer.predict", "batch size must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.predict(Tensor(zeros: [3, 2]), batchSize: 0)
  },
  BadInput(
    "Trainer.fit", "zero epochs", "invalidArgument",
    ["TrainingConfiguration", "epochs must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 0, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "a negative batch size", "invalidArgument",
    ["TrainingConfiguration", "batch size must be ≥ 1, got -1"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 1, batchSize: -1))
  },
  BadInput(
    "Trainer.fit", "a zero batch size", "invalidArgument",
    ["TrainingConfiguration", "batch size must be ≥ 1, got 0"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 1, batchSize: 0))
  },
  BadInput(
    "Trainer.fit", "a NaN gradient clip norm", "invalidArgument",
    ["TrainingConfiguration", "clip norm", "nan"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.gradientClipNorm = .nan
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "early-stopping patience 0", "invalidArgument",
    ["TrainingConfiguration", "patience"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.earlyStopping = EarlyStopping(monitor: .trainingLoss, patience: 0)
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "early stopping on validation loss without a validation set",
    "invalidArgument", ["Trainer.fit", "validation set"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.earlyStopping = EarlyStopping()
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "an infinite accuracy threshold", "invalidArgument",
    ["TrainingConfiguration", "threshold"]
  ) {
    var trainer = try Fixture.trainer()
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.accuracy = .threshold(.infinity)
    _ = try trainer.fit(Fixture.labelled(), configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "data with another feature count than the model", "shapeMismatch",
    ["Dense(2 → 4)", "[batch, 2]", "[2, 5]"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 5]), targets: Tensor([0, 1]), classCount: 3)
    _ = try trainer.fit(data, configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "more classes in the data than model outputs", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 4.0", "0..<3"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor([0, 4]), classCount: 5)
    _ = try trainer.fit(data, configuration: .init(epochs: 1, batchSize: 2))
  },
  BadInput(
    "Trainer.fit", "one-hot targets for a regression dataset", "invalidArgument",
    ["Dataset.oneHotTargets", "no class labels"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [2, 2]), targets: Tensor(zeros: [2, 3]))
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 2)
    configuration.targetEncoding = .oneHot
    _ = try trainer.fit(data, configuration: configuration)
  },
  BadInput(
    "Trainer.fit", "a learning rate that makes the loss diverge", "nonFinite",
    ["training", "epoch 1"]
  ) {
    var trainer = Trainer(
      model: try Fixture.classifier(), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 1e300))
    _ = try trainer.fit(Fixture.labelled(), configuration: .init(epochs: 3, batchSize: 2))
  },
  BadInput(
    "Trainer.evaluate", "data with another feature count than the model", "shapeMismatch",
    ["Dense(2 → 4)", "[6, 3]"]
  ) {
    var trainer = try Fixture.trainer()
    let data = try Dataset(
      features: Tensor<Double>(zeros: [6, 3]), targets: Tensor(zeros: [6]), classCount: 3)
    _ = try trainer.evaluate(data)
  },
  BadInput(
    "Trainer.predict", "features of another width", "shapeMismatch", ["Dense(2 → 4)", "[1, 7]"]
  ) {
    var trainer = try Fixture.trainer()
    _ = try trainer.predict(Tensor(zeros: [1, 7]))
  },
  BadInput(
    "Sequential.perceptron", "a single layer size", "invalidArgument",
    ["Sequential.perceptron", "[4]"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Sequential<Double>.perceptron(layerSizes: [4], activation: .relu, using: &generator)
  },
  BadInput(
    "Sequential.perceptron", "a zero layer size", "invalidArgument", ["Dense(4 → 0)"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Sequential<Double>.perceptron(
      layerSizes: [4, 0, 2], activation: .relu, using: &generator)
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func classifier() throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: 1)
    return try .perceptron(layerSizes: [2, 4, 3], activation: .relu, using: &generator)
  }

  static func labelled(count: Int = 6) throws -> Dataset<Double> {
    let features = try Tensor<Double>(
      shape: [count, 2], scalars: (0..<(2 * count)).map { Double($0) / 10 })
    return try Dataset(
      features: features, targets: Tensor((0..<count).map { Double($0 % 3) }), classCount: 3)
  }

  static func trainer() throws -> Trainer<
    Sequential<Double>, SoftmaxCrossEntropy<Double>, SGD<Double>
  > {
    Trainer(
      model: try classifier(), loss: SoftmaxCrossEntropy(), optimizer: try SGD(learningRate: 0.1))
  }
}

@Suite("Error catalog: training")
struct ErrorCatalogTests {
  @Test(arguments: trainingBadInputs)
  func training(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitTraining", test: "ErrorCatalogTests.training")
  }
}
