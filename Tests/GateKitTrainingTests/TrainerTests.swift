import GateKit
import GateKitTestSupport
import Testing

/// Two Gaussian blobs in 2-D centred at (−2, −2) (class 0) and (2, 2) (class 1).
private func blobs(count: Int, seed: UInt64) throws -> Dataset<Double> {
  var generator = SeededGenerator(seed: seed)
  let noise = try Tensor<Double>.normal(
    shape: [count, 2], standardDeviation: 0.7, using: &generator)
  let labels = (0..<count).map { Double($0 % 2) }
  let centres = try Tensor<Double>(shape: [count, 1], scalars: labels.map { $0 * 4 - 2 })
  return try Dataset(features: try noise + centres, targets: Tensor(labels), classCount: 2)
}

private func classifier(seed: UInt64) throws -> Sequential<Double> {
  var generator = SeededGenerator(seed: seed)
  return try .perceptron(layerSizes: [2, 8, 2], activation: .tanh, using: &generator)
}

@Suite("Trainer")
struct TrainerTests {
  @Test func learnsSeparableBlobs() throws {
    let data = try blobs(count: 200, seed: 1)
    var trainer = Trainer(
      model: try classifier(seed: 2), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0.1, momentum: 0.9))
    let before = try trainer.evaluate(data)
    let history = try trainer.fit(
      data, validation: data, configuration: .init(epochs: 10, batchSize: 16))
    let after = try trainer.evaluate(data)
    #expect(history.epochs.count == 10)
    #expect(after.loss < before.loss / 10)
    #expect(after.accuracy == 1)
    #expect(history.epochs.last?.validation == after)
    #expect(after.count == 200)
  }

  /// Same seed and configuration: bit-identical weights; another seed: other weights.
  @Test func trainingIsReproducibleFromTheSeed() throws {
    let data = try blobs(count: 64, seed: 3)
    func train(shuffleSeed: UInt64) throws -> [[UInt64]] {
      var trainer = Trainer(
        model: try classifier(seed: 4), loss: SoftmaxCrossEntropy<Double>(),
        optimizer: try Adam<Double>())
      _ = try trainer.fit(data, configuration: .init(epochs: 3, batchSize: 8, seed: shuffleSeed))
      return trainer.model.parameters.map { $0.parameter.value.scalars.map(\.bitPattern) }
    }
    #expect(try train(shuffleSeed: 5) == train(shuffleSeed: 5))
    #expect(try train(shuffleSeed: 5) != train(shuffleSeed: 6))
  }

  @Test func hooksSeeEveryStepAndEpoch() throws {
    let data = try blobs(count: 50, seed: 1)
    var trainer = Trainer(
      model: try classifier(seed: 1), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0.05))
    var steps: [StepReport] = []
    var epochs: [EpochRecord] = []
    _ = try trainer.fit(
      data, configuration: .init(epochs: 3, batchSize: 16), onStep: { steps.append($0) },
      onEpoch: { epochs.append($0) })
    #expect(steps.count == 3 * 4)  // ⌈50/16⌉ = 4 batches per epoch
    #expect(steps.map(\.step).prefix(4) == [1, 2, 3, 4] && steps.allSatisfy { $0.steps == 4 })
    #expect(epochs.map(\.epoch) == [1, 2, 3])
    #expect(steps.last?.loss == epochs.last?.trainingLoss)
    #expect(epochs.allSatisfy { $0.trainingAccuracy != nil && $0.validation == nil })
  }

  @Test func earlyStoppingStopsAndRestoresTheBestModel() throws {
    let data = try blobs(count: 40, seed: 2)
    // Learning rate 0: the loss never improves after the first epoch.
    var trainer = Trainer(
      model: try classifier(seed: 3), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0))
    var configuration = TrainingConfiguration(epochs: 20, batchSize: 40)
    // A minimum delta: the shuffled summation order still moves the loss by ~1e-17.
    configuration.earlyStopping = EarlyStopping(
      monitor: .trainingLoss, patience: 2, minimumDelta: 1e-9)
    let history = try trainer.fit(data, configuration: configuration)
    #expect(history.epochs.count == 3)
    #expect(history.stoppedEarly)
    #expect(history.keptEpoch == 1)
  }

  @Test func earlyStoppingKeepsTheBestValidationEpoch() throws {
    let data = try blobs(count: 100, seed: 5)
    var trainer = Trainer(
      model: try classifier(seed: 6), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0.05))
    var configuration = TrainingConfiguration(epochs: 15, batchSize: 10)
    configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 3)
    let history = try trainer.fit(data, validation: data, configuration: configuration)
    let best = history.epochs.min {
      ($0.validation?.loss ?? .infinity) < ($1.validation?.loss ?? .infinity)
    }
    #expect(history.keptEpoch == best?.epoch)
    let restored = try trainer.evaluate(data)
    // Tolerance: the same forward pass as the evaluation recorded for that epoch.
    #expect(Swift.abs(restored.loss - (best?.validation?.loss ?? .nan)) < 1e-12)
  }

  @Test func aNonFiniteLossStopsTrainingNamingTheStep() throws {
    var generator = SeededGenerator(seed: 1)
    let x = try Tensor<Double>.normal(shape: [8, 2], using: &generator)
    let data = try Dataset(features: x, targets: x * 1000)
    var trainer = Trainer(
      model: try Sequential<Double>.perceptron(
        layerSizes: [2, 2], activation: .relu, using: &generator),
      loss: MeanSquaredError<Double>(), optimizer: try SGD<Double>(learningRate: 1e150))
    do {
      _ = try trainer.fit(data, configuration: .init(epochs: 5, batchSize: 8))
      Issue.record("training diverged without an error")
    } catch let error as GateKitError {
      guard case .nonFinite(_, let location) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(location.hasPrefix("epoch "))
      #expect(location.contains("step 1"))
    }
  }

  @Test func schedulesSetTheLearningRatePerEpoch() throws {
    let data = try blobs(count: 20, seed: 1)
    var trainer = Trainer(
      model: try classifier(seed: 1), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0.1))
    var configuration = TrainingConfiguration(epochs: 4, batchSize: 20)
    configuration.schedule = try StepDecay(stepSize: 2, gamma: 0.5)
    let history = try trainer.fit(data, configuration: configuration)
    #expect(history.epochs.map(\.learningRate) == [0.1, 0.1, 0.05, 0.05])
  }

  /// The identity model (an empty Sequential) makes the features the predictions, so the
  /// accuracy rules can be checked on chosen numbers.
  @Test func accuracyRulesCountCorrectPredictions() throws {
    var trainer = Trainer(
      model: Sequential<Double>([]), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0))
    let logits = try Tensor<Double>(rows: [[2, 1], [0, 3], [5, 4], [1, 1]])
    let data = try Dataset(features: logits, targets: [0, 1, 1, 0], classCount: 2)
    // argmax gives 0, 1, 0, 0 (the tie in the last row goes to the first column).
    #expect(try trainer.evaluate(data).accuracy == 0.75)

    var binary = Trainer(
      model: Sequential<Double>([]), loss: BinaryCrossEntropyWithLogits<Double>(),
      optimizer: try SGD<Double>(learningRate: 0))
    let scores = try Dataset(
      features: try Tensor(shape: [4, 1], scalars: [0.7, -0.2, 0.1, -3]), targets: [1, 1, 0, 0],
      classCount: 2)
    var configuration = TrainingConfiguration(epochs: 1, batchSize: 4)
    (configuration.targetEncoding, configuration.accuracy) = (.column, .threshold(0))
    #expect(try binary.evaluate(scores, configuration: configuration).accuracy == 0.5)
  }

  @Test func predictRunsInBatches() throws {
    var generator = SeededGenerator(seed: 9)
    var trainer = Trainer(
      model: try Sequential<Double>.perceptron(
        layerSizes: [3, 2], activation: .relu, using: &generator),
      loss: MeanSquaredError<Double>(), optimizer: try SGD<Double>(learningRate: 0.1))
    let x = try Tensor<Double>.normal(shape: [10, 3], using: &generator)
    let batched = try trainer.predict(x, batchSize: 3)
    let whole = try trainer.model.forward(x)
    #expect(batched.shape == [10, 2])
    #expect(maxDifference(batched, whole) < 1e-15)
  }

  @Test func invalidConfigurationsThrow() throws {
    let data = try blobs(count: 10, seed: 1)
    var trainer = Trainer(
      model: try classifier(seed: 1), loss: SoftmaxCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: 0.1))
    #expect(throws: GateKitError.self) {
      try trainer.fit(data, configuration: .init(epochs: 0, batchSize: 4))
    }
    #expect(throws: GateKitError.self) {
      try trainer.fit(data, configuration: .init(epochs: 1, batchSize: 0))
    }
    var clipped = TrainingConfiguration(epochs: 1, batchSize: 4)
    clipped.gradientClipNorm = -1
    #expect(throws: GateKitError.self) { try trainer.fit(data, configuration: clipped) }
    var stopping = TrainingConfiguration(epochs: 1, batchSize: 4)
    stopping.earlyStopping = EarlyStopping(monitor: .validationAccuracy)
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "Trainer.fit",
        reason: "early stopping on a validation metric needs a validation set")
    ) {
      try trainer.fit(data, configuration: stopping)
    }
  }
}
