import Foundation
import GateKit
import GateKitDatasets
import GateKitExamples

/// `gatekit train`: trains a multilayer perceptron on a bundled dataset or on
/// MNIST/Fashion-MNIST from a directory, and reports the test accuracy.
enum TrainCommand {
  static let usage = """
    gatekit train [options]      train an MLP (default: digits, the bundled 8×8 digits)
        --dataset NAME           digits, iris, wine, breast-cancer, planar-flower, heart-curve,
                                 mnist or fashion-mnist (the last two need --data-dir)
        --data-dir DIR           a directory of MNIST-layout IDX files (raw or .gz)
        --hidden SIZES           hidden layer sizes, comma-separated (e.g. 256,128)
        --activation NAME        relu, leaky-relu, tanh or sigmoid
        --loss NAME              cross-entropy, bce (two classes, one output) or mse
        --optimizer NAME         adam, adamw, sgd, rmsprop or adagrad
        --learning-rate RATE     --momentum M   --weight-decay L
        --epochs N   --batch-size N   --seed N
        --schedule NAME          none, cosine, step or exponential (per epoch)
        --clip-norm N            clip the global gradient norm
        --patience N             early stopping on a validation split of the training set
        --threads N              threads for large matrix products (results are the same)
        --save PATH              save the trained parameters as safetensors (atomically,
                                 after every epoch and at the end)
        --plot PATH              draw loss and accuracy per epoch as an SVG chart (atomically)
        --json                   end with one JSON line of results (progress goes to stderr)
    """

  /// The settings of a run, from the dataset's defaults and the command line.
  struct Settings {
    var dataset = "digits"
    var dataDirectory: String?
    var hidden = [512]
    var activation = Activation.relu
    var loss = "cross-entropy"
    var optimizer = "adam"
    var learningRate = 1e-3
    var momentum = 0.9
    var weightDecay = 0.0
    var epochs = 40
    var batchSize = 32
    var seed: UInt64 = 0
    var schedule = "cosine"
    var clipNorm: Double?
    var patience: Int?
    var savePath: String?
    var threads: Int?
    var plotPath: String?
    var json = false
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    var settings = Settings()
    settings.dataset = try arguments.option("--dataset") ?? settings.dataset
    applyDefaults(for: settings.dataset, to: &settings)
    settings.dataDirectory = try arguments.path("--data-dir")
    settings.hidden =
      try arguments.integers("--hidden", in: 1...1_000_000, maximumCount: 100) ?? settings.hidden
    if let name = try arguments.option("--activation") {
      guard let activation = Activation(rawValue: name) else {
        throw CommandLineError.invalidValue(
          option: "--activation", value: name, expected: "activation")
      }
      settings.activation = activation
    }
    settings.loss = try arguments.option("--loss") ?? settings.loss
    settings.optimizer = try arguments.option("--optimizer") ?? settings.optimizer
    settings.learningRate =
      try arguments.number("--learning-rate", expected: "learning rate (a finite number > 0)") {
        $0 > 0
      } ?? settings.learningRate
    let momentum = try arguments.number("--momentum", expected: "momentum (from 0 up to 1)") {
      $0 >= 0 && $0 < 1
    }
    if momentum != nil, settings.optimizer != "sgd" {
      throw GateKitError.invalidArgument(
        operation: "gatekit train",
        reason: "--momentum applies to --optimizer sgd only; \(settings.optimizer) has none")
    }
    settings.momentum = momentum ?? settings.momentum
    settings.weightDecay =
      try arguments.number("--weight-decay", expected: "weight decay (a finite number ≥ 0)") {
        $0 >= 0
      } ?? settings.weightDecay
    settings.epochs = try arguments.integer("--epochs", in: Limits.epochs) ?? settings.epochs
    settings.batchSize =
      try arguments.integer("--batch-size", in: Limits.batchSize) ?? settings.batchSize
    settings.seed = try arguments.option("--seed", as: UInt64.self) ?? settings.seed
    settings.schedule = try arguments.option("--schedule") ?? settings.schedule
    settings.clipNorm = try arguments.number("--clip-norm", expected: "norm (a finite number > 0)")
    {
      $0 > 0
    }
    settings.patience = try arguments.integer("--patience", in: Limits.epochs)
    settings.savePath = try arguments.path("--save").map { try checkedPath($0, option: "--save") }
    settings.threads = try arguments.integer("--threads", in: Limits.threads)
    settings.plotPath = try arguments.path("--plot").map { try checkedPath($0, option: "--plot") }
    settings.json = arguments.flag("--json")
    try arguments.finish()
    return try train(settings)
  }

  /// Hyperparameters measured to work for each dataset (five seeds each; see the README).
  static func applyDefaults(for dataset: String, to settings: inout Settings) {
    switch dataset.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "mnist", "fashion-mnist":
      (settings.hidden, settings.epochs, settings.batchSize) = ([256], 12, 128)
    case "iris", "wine":
      (settings.hidden, settings.epochs, settings.batchSize) = ([32], 100, 16)
      (settings.optimizer, settings.learningRate) = ("sgd", 0.05)
    case "breast-cancer":
      (settings.hidden, settings.epochs, settings.batchSize, settings.weightDecay) = (
        [16], 50, 16, 1e-3
      )
    case "planar-flower":
      (settings.hidden, settings.activation, settings.epochs) = ([16], .tanh, 500)
      (settings.optimizer, settings.learningRate) = ("sgd", 0.5)
    case "heart-curve":
      (settings.hidden, settings.activation, settings.loss) = ([6, 7], .sigmoid, "mse")
      (settings.epochs, settings.batchSize, settings.learningRate) = (3000, 100, 0.01)
    default:
      break
    }
  }

  private static func train(_ settings: Settings) throws -> Int32 {
    let loadStart = ContinuousClock.now
    if let threads = settings.threads { Kernels.threadCount = threads }
    var (train, test) = try loadData(named: settings.dataset, directory: settings.dataDirectory)
    let display = ProgressDisplay(jsonOutput: settings.json)
    // Tabular data is standardized with the training set's statistics (saved with the
    // model); images are already in [0, 1].
    var scaler: Standardizer<Float>?
    if settings.dataDirectory == nil {
      let fitted = try Standardizer(fitting: train.features)
      train = try train.replacingFeatures(fitted.transform(train.features))
      test = try test.replacingFeatures(fitted.transform(test.features))
      scaler = fitted
    }
    let objective = try Objective(loss: settings.loss, for: train, dataset: settings.dataset)
    let (outputs, loss) = (objective.outputs, objective.loss)
    var configuration = objective.applied(
      to: TrainingConfiguration(
        epochs: settings.epochs, batchSize: settings.batchSize, seed: settings.seed))
    configuration.schedule = try schedule(settings)
    configuration.gradientClipNorm = settings.clipNorm
    var validation = test
    if let patience = settings.patience {
      var generator = SeededGenerator(seed: settings.seed &+ 1)
      let order = try train.minibatches(size: train.count, using: &generator).order
      let held = Array(order.prefix(Swift.max(1, train.count / 10)))
      (train, validation) = try train.split(testIndices: held)
      configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: patience)
    }

    try display.write(
      "dataset   \(settings.dataset): \(train.count) training, \(test.count) test examples, \(train.featureCount) features (loaded in \(String(format: "%.2f", (ContinuousClock.now - loadStart).seconds)) s)"
    )
    let layerSizes = [train.featureCount] + settings.hidden + [outputs]
    try requireMemory(layerSizes: layerSizes, settings: settings, examples: train.count)
    var generator = SeededGenerator(seed: settings.seed)
    let model = try Sequential<Float>.perceptron(
      layerSizes: layerSizes, activation: settings.activation, using: &generator)
    let optimizer = try makeOptimizer(settings)
    try display.write("model     \(model) — \(model.parameterCount) parameters")
    // The summary's shapes are those of one example: a forward pass at the training batch
    // size would allocate a batch's activations once more, for a table.
    try display.write(
      try model.summary(inputShape: [1, train.featureCount]).description
        .split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
    try display.write(
      "training  \(loss), \(optimizer), \(settings.epochs) epochs of batch \(settings.batchSize), seed \(settings.seed)"
    )
    // With --save, the model is saved (atomically) after every epoch and at the end, so a
    // run that fails — a NaN in epoch 9 — leaves the last good epoch's model on disk.
    let metadata = [
      "dataset": settings.dataset, "layer_sizes": "\(layerSizes)",
      "activation": settings.activation.rawValue, "loss": settings.loss,
      "task": train.classCount == nil ? "regression" : "classification",
      "seed": "\(settings.seed)", "standardized": scaler == nil ? "false" : "true",
    ]
    func save(_ model: Sequential<Float>, _ extra: [String: String]) throws {
      guard let path = settings.savePath else { return }
      try SavedModel.archive(
        of: model, standardizer: scaler, metadata: metadata.merging(extra) { $1 }
      ).write(to: URL(fileURLWithPath: path))
    }
    let result = try fit(
      model: model, loss: loss, optimizer: optimizer, train: train, validation: validation,
      test: test, configuration: configuration, display: display,
      checkpoint: { record, model in try save(model, ["epoch": "\(record.epoch)"]) })
    try report(result, settings: settings, display: display)
    if let path = settings.savePath {
      try save(
        result.model,
        [
          "epoch": "\(result.history.keptEpoch)",
          "test_accuracy": result.test.accuracy.map { "\($0)" } ?? "n/a",
        ])
      try display.write("saved     \(result.model.parameterCount) parameters to \(path)")
    }
    if let path = settings.plotPath {
      try writePlot(
        result.history, to: path, settings: settings, layerSizes: layerSizes, display: display)
    }
    return 0
  }

  /// Refuses a run whose model, gradients, optimizer state and largest batch (training, or
  /// the evaluation batches of at least 256 rows) do not fit in the memory available.
  private static func requireMemory(layerSizes: [Int], settings: Settings, examples: Int) throws {
    let slots =
      switch settings.optimizer {
      case "adam", "adamw": 2
      case "sgd": settings.momentum > 0 ? 1 : 0
      default: 1
      }
    let batch = Swift.min(Swift.max(settings.batchSize, 256), examples)
    let sizes = layerSizes.map(String.init).joined(separator: "-")
    try MemoryBudget.require(
      MemoryBudget.trainingBytes(layerSizes: layerSizes, batch: batch, optimizerSlots: slots),
      for: "training the \(sizes) perceptron with \(settings.optimizer) on batches of \(batch)",
      operation: "gatekit train")
  }

  /// `path` if a file can be written there (atomically, keeping an existing file's
  /// permissions), so that a run does not fail only after training (--save, --plot).
  ///
  /// - Throws: `GateKitError.invalidArgument` naming `option`, the file and the reason.
  private static func checkedPath(_ path: String, option: String) throws -> String {
    do {
      try AtomicFile.checkWritable(path: path)
    } catch {
      throw GateKitError.invalidArgument(operation: "option \(option)", reason: "\(error)")
    }
    return path
  }

  /// Writes the loss and accuracy curves of the run as an SVG chart, atomically. The
  /// validation series is the test set unless --patience held out part of the training set.
  private static func writePlot(
    _ history: TrainingHistory, to path: String, settings: Settings, layerSizes: [Int],
    display: ProgressDisplay
  ) throws {
    let sizes = layerSizes.map(String.init).joined(separator: "-")
    let plot = TrainingPlot(
      history: history,
      title:
        "\(settings.dataset): \(sizes) \(settings.activation.rawValue) MLP, \(settings.optimizer), seed \(settings.seed)",
      trainingLabel: "train", validationLabel: settings.patience == nil ? "test" : "validation")
    try AtomicFile.write(Data(plot.svg.utf8), toPath: path)
    try display.write("plot      wrote \(path)")
  }

  struct Result {
    var model: Sequential<Float>
    var history: TrainingHistory
    var test: Evaluation
    var train: Evaluation
  }

  private static func fit(
    model: Sequential<Float>, loss: some Loss<Float>, optimizer: some Optimizer<Float>,
    train: Dataset<Float>, validation: Dataset<Float>, test: Dataset<Float>,
    configuration: TrainingConfiguration, display: ProgressDisplay,
    checkpoint: (EpochRecord, Sequential<Float>) throws -> Void
  ) throws -> Result {
    var trainer = Trainer(model: model, loss: loss, optimizer: optimizer)
    var display = display
    let history = try trainer.fit(
      train, validation: validation, configuration: configuration,
      onStep: { try display.step($0) },
      onEpoch: { try display.epoch($0, of: configuration.epochs) },
      checkpoint: checkpoint)
    return Result(
      model: trainer.model, history: history,
      test: try trainer.evaluate(test, configuration: configuration),
      train: try trainer.evaluate(train, configuration: configuration))
  }

  private static func report(_ result: Result, settings: Settings, display: ProgressDisplay)
    throws
  {
    let seconds = result.history.seconds
    let accuracy = result.test.accuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a"
    try display.write(
      "result    test accuracy \(accuracy), test loss \(String(format: "%.4f", result.test.loss)) after \(result.history.epochs.count) epochs in \(String(format: "%.2f", seconds)) s"
        + (result.history.stoppedEarly
          ? " (stopped early, kept epoch \(result.history.keptEpoch))" : ""))
    guard settings.json else { return }
    let examples = Double(result.history.epochs.count * result.train.count)
    var members: [(String, JSONValue)] = [
      ("dataset", .string(settings.dataset)),
      ("test_accuracy", result.test.accuracy.map(JSONValue.number) ?? .string("n/a")),
      ("test_loss", .number(result.test.loss)),
      ("epochs", .number(Double(result.history.epochs.count))),
      ("train_seconds", .number(seconds)),
      ("seed", .number(Double(settings.seed))),
      ("train_accuracy", result.train.accuracy.map(JSONValue.number) ?? .string("n/a")),
      ("train_loss", .number(result.train.loss)),
      ("examples_per_second", .number(seconds > 0 ? examples / seconds : 0)),
    ]
    members += [
      ("hidden", .array(settings.hidden.map { .number(Double($0)) })),
      ("activation", .string(settings.activation.rawValue)), ("loss", .string(settings.loss)),
      ("optimizer", .string(settings.optimizer)), ("learning_rate", .number(settings.learningRate)),
      ("batch_size", .number(Double(settings.batchSize))),
    ]
    try Console.standardOutput.line(JSONValue.object(members).text)
  }

  /// The training and test sets of a bundled dataset, or of MNIST-layout IDX files in
  /// `directory`.
  static func loadData(
    named dataset: String, directory dataDirectory: String?, command: String = "train"
  ) throws -> (Dataset<Float>, Dataset<Float>) {
    let name = dataset.lowercased().replacingOccurrences(of: "_", with: "-")
    if name == "mnist" || name == "fashion-mnist" {
      let fallback = name == "fashion-mnist" ? "/usr/share/datasets/fashion-mnist" : nil
      guard let directory = dataDirectory ?? fallback else {
        throw GateKitError.invalidArgument(
          operation: "gatekit \(command)",
          reason: "--dataset \(name) needs --data-dir DIR with the IDX files")
      }
      return try MNIST.load(from: URL(fileURLWithPath: directory))
    }
    if let directory = dataDirectory {
      return try MNIST.load(from: URL(fileURLWithPath: directory))
    }
    guard let dataset = BundledDataset(named: name) else {
      throw GateKitError.invalidArgument(
        operation: "gatekit \(command)",
        reason:
          "unknown dataset '\(dataset)' (bundled: \(BundledDataset.allCases.map(\.name).joined(separator: ", ")); or mnist, fashion-mnist with --data-dir)"
      )
    }
    return try dataset.split()
  }

  private static func makeOptimizer(_ settings: Settings) throws -> any Optimizer<Float> {
    let (rate, decay) = (settings.learningRate, settings.weightDecay)
    switch settings.optimizer {
    case "adam": return try Adam(learningRate: rate, weightDecay: decay)
    case "adamw": return try AdamW(learningRate: rate, weightDecay: decay)
    case "sgd": return try SGD(learningRate: rate, momentum: settings.momentum, weightDecay: decay)
    case "rmsprop": return try RMSProp(learningRate: rate, weightDecay: decay)
    case "adagrad": return try AdaGrad(learningRate: rate, weightDecay: decay)
    default:
      throw CommandLineError.invalidValue(
        option: "--optimizer", value: settings.optimizer,
        expected: "optimizer (adam, adamw, sgd, rmsprop, adagrad)")
    }
  }

  private static func schedule(_ settings: Settings) throws -> (any LearningRateSchedule)? {
    switch settings.schedule {
    case "none": return nil
    case "cosine": return try CosineDecay(totalSteps: settings.epochs)
    case "step": return try StepDecay(stepSize: Swift.max(1, settings.epochs / 3), gamma: 0.1)
    case "exponential": return try ExponentialDecay(gamma: 0.95)
    default:
      throw CommandLineError.invalidValue(
        option: "--schedule", value: settings.schedule,
        expected: "schedule (none, cosine, step, exponential)")
    }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
