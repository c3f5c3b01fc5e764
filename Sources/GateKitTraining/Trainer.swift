import GateKitCore
import GateKitData
import GateKitLosses
import GateKitOptimizers

/// A model, a loss and an optimizer, trained together: `fit` runs epochs of shuffled
/// minibatches (forward, loss, backward, optional clipping, update), evaluates after each
/// epoch, and can stop early.
///
/// ```swift
/// var trainer = Trainer(model: mlp, loss: SoftmaxCrossEntropy(), optimizer: try Adam())
/// let history = try trainer.fit(train, validation: test, configuration: .init(epochs: 30, batchSize: 32))
/// let result = try trainer.evaluate(test)
/// ```
public struct Trainer<Model: Layer, Objective: Loss, Rule: Optimizer>: Sendable
where Model.Scalar == Objective.Scalar, Objective.Scalar == Rule.Scalar {
  /// The scalar type of the model.
  public typealias Scalar = Model.Scalar

  /// The model being trained.
  public var model: Model
  /// The loss it is trained on.
  public var loss: Objective
  /// The update rule.
  public var optimizer: Rule

  /// A trainer.
  ///
  /// - Parameters:
  ///   - model: The model.
  ///   - loss: The loss.
  ///   - optimizer: The optimizer.
  public init(model: Model, loss: Objective, optimizer: Rule) {
    self.model = model
    self.loss = loss
    self.optimizer = optimizer
  }

  /// Trains the model.
  ///
  /// - Parameters:
  ///   - train: The training set.
  ///   - validation: A set to evaluate after every epoch (and to monitor for early
  ///     stopping), if any.
  ///   - configuration: Epochs, batch size, seed and the other settings.
  ///   - onStep: Called after every update, for progress display; what it throws ends
  ///     training (a progress line that cannot be written, say).
  ///   - onEpoch: Called after every epoch; what it throws ends training.
  ///   - checkpoint: Called after every epoch with its record and the model as it is
  ///     then — the place to save it (`try model.saveParameters(to: url)`), so that a run
  ///     that fails later (a NaN in epoch 9) leaves the last good model on disk.
  /// - Returns: What every epoch measured.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an invalid
  ///   configuration or an empty training or validation set,
  ///   ``/GateKitCore/GateKitError/nonFinite(operation:location:)`` when the
  ///   loss, a gradient or a parameter becomes NaN or infinite (naming the epoch, the step
  ///   and the first parameter path concerned; the update of that step is not applied), or
  ///   what the model, loss, optimizer, `onStep`, `onEpoch` or `checkpoint` throws.
  public mutating func fit(
    _ train: Dataset<Scalar>, validation: Dataset<Scalar>? = nil,
    configuration: TrainingConfiguration,
    onStep: (StepReport) throws -> Void = { _ in },
    onEpoch: (EpochRecord) throws -> Void = { _ in },
    checkpoint: (EpochRecord, Model) throws -> Void = { _, _ in }
  ) throws -> TrainingHistory {
    try configuration.validate()
    guard train.count > 0 else {
      throw GateKitError.invalidArgument(
        operation: "Trainer.fit", reason: "the training set is empty")
    }
    if let validation, validation.count == 0 {
      throw GateKitError.invalidArgument(
        operation: "Trainer.fit", reason: "the validation set is empty")
    }
    if configuration.earlyStopping.map({ $0.monitor != .trainingLoss }) == true, validation == nil {
      throw GateKitError.invalidArgument(
        operation: "Trainer.fit",
        reason: "early stopping on a validation metric needs a validation set")
    }
    var generator = SeededGenerator(seed: configuration.seed)
    let baseRate = optimizer.learningRate
    var history = TrainingHistory()
    var best: (value: Double, epoch: Int, model: Model)?
    var updates = 0
    for epoch in 1...configuration.epochs {
      if let schedule = configuration.schedule, configuration.scheduleUnit == .epoch {
        optimizer.learningRate = schedule.learningRate(atStep: epoch - 1, baseRate: baseRate)
      }
      let batches =
        configuration.shuffles
        ? try train.minibatches(size: configuration.batchSize, using: &generator)
        : try train.minibatches(size: configuration.batchSize)
      let clock = ContinuousClock()
      let start = clock.now
      var running = RunningMetrics()
      for (index, batch) in batches.enumerated() {
        if let schedule = configuration.schedule, configuration.scheduleUnit == .step {
          optimizer.learningRate = schedule.learningRate(atStep: updates, baseRate: baseRate)
        }
        let prediction = try step(on: batch, configuration: configuration, at: (epoch, index + 1))
        updates += 1
        running.add(
          loss: prediction.loss, batch: batch.count,
          correct: try correctCount(prediction.output, batch, rule: configuration.accuracy))
        let elapsed = (clock.now - start).seconds
        try onStep(
          StepReport(
            epoch: epoch, epochs: configuration.epochs, step: index + 1, steps: batches.count,
            loss: running.meanLoss,
            accuracy: running.accuracy(classifying: train.classCount != nil),
            examplesPerSecond: Double(running.examples) / Swift.max(elapsed, 1e-9)))
      }
      let record = EpochRecord(
        epoch: epoch, trainingLoss: running.meanLoss,
        trainingAccuracy: running.accuracy(classifying: train.classCount != nil),
        validation: try validation.map { try evaluate($0, configuration: configuration) },
        learningRate: optimizer.learningRate, seconds: (clock.now - start).seconds)
      history.epochs.append(record)
      history.keptEpoch = epoch
      try onEpoch(record)
      try checkpoint(record, model)

      guard let stopping = configuration.earlyStopping else { continue }
      let value = stopping.monitor.value(in: record)
      let sign = stopping.monitor.increases ? 1.0 : -1.0
      if best == nil || sign * (value - (best?.value ?? 0)) > stopping.minimumDelta {
        best = (value, epoch, model)
      } else if let best, epoch - best.epoch >= stopping.patience {
        history.stoppedEarly = epoch < configuration.epochs
        break
      }
    }
    if let stopping = configuration.earlyStopping, stopping.restoresBestModel, let best {
      model = best.model
      history.keptEpoch = best.epoch
    }
    return history
  }

  /// One update on one batch: forward, loss, backward, optional clipping, optimizer step.
  ///
  /// - Parameters:
  ///   - batch: The examples.
  ///   - configuration: The target encoding, clipping and numeric checks to apply.
  /// - Returns: The batch's loss.
  /// - Throws: As ``fit(_:validation:configuration:onStep:onEpoch:checkpoint:)``.
  public mutating func step(
    on batch: Dataset<Scalar>, configuration: TrainingConfiguration
  ) throws -> Double {
    try step(on: batch, configuration: configuration, at: (0, 0)).loss
  }

  private mutating func step(
    on batch: Dataset<Scalar>, configuration: TrainingConfiguration,
    at position: (epoch: Int, step: Int)
  ) throws -> (loss: Double, output: Tensor<Scalar>) {
    model.zeroGradients()
    let output = try model.forward(batch.features)
    let value = try loss(output, targets(of: batch, encoding: configuration.targetEncoding))
      .doubleValue
    let location = "epoch \(position.epoch), step \(position.step)"
    if configuration.checksNumerics, !value.isFinite {
      throw GateKitError.nonFinite(
        operation: "training loss",
        location: "\(location): the loss is \(value); \(parameterBlamedForLoss())")
    }
    try model.accumulateParameterGradients(try loss.backward())
    if configuration.checksNumerics {
      // In place: `visitParameters` on the model itself copies nothing.
      try model.visitParameters { path, parameter in
        guard parameter.gradient.isFinite else {
          throw GateKitError.nonFinite(
            operation: "training gradient",
            location: "\(location): the gradient of \(path) is not finite")
        }
      }
    }
    if let clip = configuration.gradientClipNorm { try model.clipGradients(maxNorm: clip) }
    try optimizer.update(&model)
    return (value, output)
  }

  /// Which parameter to suspect when the loss is not finite: the first one holding a
  /// non-finite value (an earlier update made it so), or else the one with the largest
  /// magnitude (finite weights so large that the loss overflows).
  private mutating func parameterBlamedForLoss() -> String {
    var nonFinite: String?
    var largest: (path: String, magnitude: Double)?
    model.visitParameters { path, parameter in
      guard nonFinite == nil else { return }
      guard parameter.value.isFinite else {
        nonFinite = path
        return
      }
      let magnitude = parameter.value.scalars.reduce(0) { Swift.max($0, Swift.abs($1.doubleValue)) }
      if magnitude > largest?.magnitude ?? -1 { largest = (path, magnitude) }
    }
    if let nonFinite { return "the value of \(nonFinite) is not finite" }
    guard let largest else { return "the model has no parameters" }
    return
      "every parameter is finite; the largest, \(largest.path), reaches |w| = \(largest.magnitude)"
  }

  /// The model's mean loss (and accuracy, for classification) on a dataset.
  ///
  /// - Parameters:
  ///   - data: The dataset.
  ///   - configuration: The target encoding and accuracy rule; the batch size bounds the
  ///     memory of a pass.
  /// - Returns: The evaluation.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an
  ///   empty dataset, or what the model or the loss throws.
  public mutating func evaluate(
    _ data: Dataset<Scalar>,
    configuration: TrainingConfiguration = TrainingConfiguration(epochs: 1, batchSize: 1024)
  ) throws -> Evaluation {
    guard data.count > 0 else {
      throw GateKitError.invalidArgument(
        operation: "Trainer.evaluate", reason: "the dataset is empty")
    }
    var running = RunningMetrics()
    for batch in try data.minibatches(size: Swift.max(configuration.batchSize, 256)) {
      let output = try model.forward(batch.features)
      let value = try loss(output, targets(of: batch, encoding: configuration.targetEncoding))
      running.add(
        loss: value.doubleValue, batch: batch.count,
        correct: try correctCount(output, batch, rule: configuration.accuracy))
    }
    return Evaluation(
      loss: running.meanLoss, accuracy: running.accuracy(classifying: data.classCount != nil),
      count: data.count)
  }

  /// The model's outputs for a feature matrix, computed in batches.
  ///
  /// - Parameters:
  ///   - features: `[examples, features]`.
  ///   - batchSize: The number of rows per forward pass.
  /// - Returns: The outputs, one row per example.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a
  ///   batch size below 1, or what the model throws.
  public mutating func predict(_ features: Tensor<Scalar>, batchSize: Int = 1024) throws -> Tensor<
    Scalar
  > {
    guard batchSize >= 1 else {
      throw GateKitError.invalidArgument(
        operation: "Trainer.predict", reason: "batch size must be ≥ 1, got \(batchSize)")
    }
    guard features.rank == 2, features.shape[0] > batchSize else {
      return try model.forward(features)
    }
    var rows: [Scalar] = []
    var width = 0
    for start in stride(from: 0, to: features.shape[0], by: batchSize) {
      let end = Swift.min(start + batchSize, features.shape[0])
      let output = try model.forward(features.gatherRows(Array(start..<end)))
      width = output.scalarCount / Swift.max(end - start, 1)
      rows += output.scalars
    }
    return try Tensor(shape: [features.shape[0], width], scalars: rows)
  }

  private func targets(of batch: Dataset<Scalar>, encoding: TargetEncoding) throws -> Tensor<Scalar>
  {
    switch encoding {
    case .asStored: batch.targets
    case .column: try batch.targets.reshaped(to: [batch.count, 1])
    case .oneHot: try batch.oneHotTargets()
    }
  }

  private func correctCount(_ output: Tensor<Scalar>, _ batch: Dataset<Scalar>, rule: AccuracyRule)
    throws -> Int
  {
    guard batch.classCount != nil else { return 0 }
    let labels = batch.labels
    switch rule {
    case .argmax where output.rank == 2 && output.shape[1] > 1:
      return zip(try output.argmaxRows(), labels).filter { $0 == $1 }.count
    case .threshold(let threshold):
      return zip(output.scalars, labels).filter { ($0.doubleValue >= threshold ? 1 : 0) == $1 }
        .count
    case .argmax:
      return zip(output.scalars, labels).filter { ($0.doubleValue >= 0.5 ? 1 : 0) == $1 }.count
    }
  }
}

/// Sums for running means over an epoch.
private struct RunningMetrics {
  var lossSum = 0.0
  var examples = 0
  var correct = 0

  mutating func add(loss: Double, batch: Int, correct: Int) {
    lossSum += loss * Double(batch)
    examples += batch
    self.correct += correct
  }

  var meanLoss: Double { examples == 0 ? .nan : lossSum / Double(examples) }

  func accuracy(classifying: Bool) -> Double? {
    classifying && examples > 0 ? Double(correct) / Double(examples) : nil
  }
}

extension MonitoredMetric {
  /// The metric's value in an epoch record (NaN when it was not measured).
  func value(in record: EpochRecord) -> Double {
    switch self {
    case .validationLoss: record.validation?.loss ?? .nan
    case .validationAccuracy: record.validation?.accuracy ?? .nan
    case .trainingLoss: record.trainingLoss
    }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (whole, fraction) = components
    return Double(whole) + Double(fraction) * 1e-18
  }
}
