/// A model's loss and accuracy on a dataset.
public struct Evaluation: Sendable, Codable, Equatable {
  /// The mean loss per example.
  public var loss: Double
  /// The fraction of examples classified correctly, for classification datasets.
  public var accuracy: Double?
  /// The number of examples.
  public var count: Int

  /// An evaluation.
  ///
  /// - Parameters:
  ///   - loss: The mean loss per example.
  ///   - accuracy: The fraction correct, if classifying.
  ///   - count: The number of examples.
  public init(loss: Double, accuracy: Double?, count: Int) {
    self.loss = loss
    self.accuracy = accuracy
    self.count = count
  }
}

/// What one epoch of training measured.
public struct EpochRecord: Sendable, Codable, Equatable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The running mean of the training loss over the epoch's batches.
  public var trainingLoss: Double
  /// The running accuracy over the epoch's batches, for classification.
  public var trainingAccuracy: Double?
  /// The loss and accuracy on the validation set after the epoch, if one was given.
  public var validation: Evaluation?
  /// The learning rate used in the epoch (its last value with a per-step schedule).
  public var learningRate: Double
  /// The wall-clock time of the epoch's updates, in seconds.
  public var seconds: Double
}

/// Progress within an epoch, reported after every update.
public struct StepReport: Sendable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The total number of epochs.
  public var epochs: Int
  /// The update within the epoch, from 1.
  public var step: Int
  /// The number of updates per epoch.
  public var steps: Int
  /// The running mean of the training loss over the epoch so far.
  public var loss: Double
  /// The running accuracy over the epoch so far, for classification.
  public var accuracy: Double?
  /// Training examples processed per second in the epoch so far.
  public var examplesPerSecond: Double
}

/// The record of a training run.
public struct TrainingHistory: Sendable, Codable, Equatable {
  /// One record per epoch run.
  public var epochs: [EpochRecord] = []
  /// The epoch whose model was kept (the last one unless early stopping restored another).
  public var keptEpoch: Int = 0
  /// Whether early stopping ended the run before the last epoch.
  public var stoppedEarly = false
  /// The total wall-clock time of the updates, in seconds.
  public var seconds: Double { epochs.reduce(0) { $0 + $1.seconds } }
}
