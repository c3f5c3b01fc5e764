import GateKitCore
import GateKitOptimizers

/// How the training targets are presented to the loss.
public enum TargetEncoding: String, Sendable, Hashable, CaseIterable {
  /// The dataset's targets unchanged: labels `[n]` (for the softmax cross-entropy) or
  /// regression values `[n, outputs]`.
  case asStored
  /// Labels as a column `[n, 1]`, for a single-output binary classifier.
  case column
  /// Labels as one-hot rows `[n, classes]`, for losses that compare vectors.
  case oneHot
}

/// How predictions become classes for the accuracy.
public enum AccuracyRule: Sendable, Hashable {
  /// The class is the column with the largest output (logits or probabilities).
  case argmax
  /// A single output is class 1 when it is at least the threshold: 0.5 for
  /// probabilities, 0 for logits.
  case threshold(Double)
}

/// What early stopping watches.
public enum MonitoredMetric: String, Sendable, Hashable, CaseIterable {
  /// The validation loss (lower is better).
  case validationLoss
  /// The validation accuracy (higher is better).
  case validationAccuracy
  /// The running training loss (lower is better).
  case trainingLoss

  /// Whether larger values are better.
  public var increases: Bool { self == .validationAccuracy }
}

/// Stop when the monitored metric has not improved for `patience` epochs.
public struct EarlyStopping: Sendable {
  /// The metric to watch.
  public var monitor: MonitoredMetric
  /// The number of epochs without improvement tolerated.
  public var patience: Int
  /// The smallest change that counts as an improvement.
  public var minimumDelta: Double
  /// Whether to put back the model of the best epoch when stopping or finishing.
  public var restoresBestModel: Bool

  /// An early-stopping rule.
  ///
  /// - Parameters:
  ///   - monitor: The metric to watch.
  ///   - patience: Epochs without improvement before stopping, at least 1.
  ///   - minimumDelta: The smallest improvement, at least 0.
  ///   - restoresBestModel: Whether to restore the best epoch's model.
  public init(
    monitor: MonitoredMetric = .validationLoss, patience: Int = 5, minimumDelta: Double = 0,
    restoresBestModel: Bool = true
  ) {
    self.monitor = monitor
    self.patience = patience
    self.minimumDelta = minimumDelta
    self.restoresBestModel = restoresBestModel
  }
}

/// When a learning-rate schedule advances.
public enum ScheduleUnit: String, Sendable, Hashable, CaseIterable {
  /// Once per epoch: the schedule's step is the epoch index.
  case epoch
  /// Once per optimizer update.
  case step
}

/// The settings of a training run.
///
/// ```swift
/// var configuration = TrainingConfiguration(epochs: 30, batchSize: 32, seed: 1)
/// configuration.earlyStopping = EarlyStopping(monitor: .validationAccuracy, patience: 10)
/// ```
public struct TrainingConfiguration: Sendable {
  /// The number of passes over the training set.
  public var epochs: Int
  /// The number of examples per update (the last batch of an epoch may be smaller).
  public var batchSize: Int
  /// The seed of the shuffle; the same seed and settings give the same run.
  public var seed: UInt64
  /// Whether to shuffle the training set every epoch.
  public var shuffles: Bool = true
  /// How targets are presented to the loss.
  public var targetEncoding: TargetEncoding = .asStored
  /// How predictions become classes (for classification datasets).
  public var accuracy: AccuracyRule = .argmax
  /// A learning-rate schedule (applied from the optimizer's initial rate), if any.
  public var schedule: (any LearningRateSchedule)?
  /// When the schedule advances.
  public var scheduleUnit: ScheduleUnit = .epoch
  /// The largest global gradient norm allowed; gradients are scaled down above it.
  public var gradientClipNorm: Double?
  /// Early stopping, if any.
  public var earlyStopping: EarlyStopping?
  /// Whether to stop with an error as soon as the loss or a gradient is NaN or infinite.
  public var checksNumerics: Bool = true

  /// A configuration.
  ///
  /// - Parameters:
  ///   - epochs: Passes over the training set, at least 1.
  ///   - batchSize: Examples per update, at least 1.
  ///   - seed: The seed of the shuffle.
  public init(epochs: Int, batchSize: Int, seed: UInt64 = 0) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.seed = seed
  }

  /// Throws for settings outside their ranges.
  func validate() throws {
    func fail(_ reason: String) -> GateKitError {
      .invalidArgument(operation: "TrainingConfiguration", reason: reason)
    }
    guard epochs >= 1 else { throw fail("epochs must be ≥ 1, got \(epochs)") }
    guard batchSize >= 1 else { throw fail("batch size must be ≥ 1, got \(batchSize)") }
    if let clip = gradientClipNorm, !(clip > 0 && clip.isFinite) {
      throw fail("the gradient clip norm must be positive and finite, got \(clip)")
    }
    if let stopping = earlyStopping {
      guard stopping.patience >= 1 else { throw fail("early-stopping patience must be ≥ 1") }
      guard stopping.minimumDelta >= 0, stopping.minimumDelta.isFinite else {
        throw fail("early-stopping minimum delta must be finite and ≥ 0")
      }
    }
    if case .threshold(let value) = accuracy, !value.isFinite {
      throw fail("the accuracy threshold must be finite")
    }
  }
}
