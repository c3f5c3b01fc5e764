import Foundation
import GateKit
import GateKitExamples

/// `gatekit bench`: training and inference throughput of the reference configurations
/// (`reference.py` of the shared benchmarks), with the same math: He-normal weights, zero
/// biases, Dense → ReLU → … → Dense, softmax cross-entropy (sigmoid + binary cross-entropy
/// for `logreg`), plain SGD at learning rate 0.1, 16 synthetic batches cycled, `Float`.
/// A train step is zeroing the gradients, forward, loss, backward and the update.
enum ModelBenchmark {
  struct Configuration {
    var name: String
    var sizes: [Int]
    var batch: Int
    var steps: Int
    var binary: Bool
  }

  static let configurations = [
    Configuration(name: "logreg", sizes: [30, 1], batch: 64, steps: 3000, binary: true),
    Configuration(name: "digits", sizes: [64, 32, 10], batch: 32, steps: 3000, binary: false),
    Configuration(
      name: "mnist-small", sizes: [784, 128, 10], batch: 64, steps: 500, binary: false),
    Configuration(
      name: "mnist-mlp", sizes: [784, 256, 128, 10], batch: 128, steps: 100, binary: false),
    Configuration(
      name: "wide", sizes: [784, 1024, 1024, 10], batch: 256, steps: 12, binary: false),
  ]

  struct Settings {
    var threads = Kernels.threadCount
    var repeats = 5
    var warmup = 10
    var stepsScale = 1.0
    var seed: UInt64 = 0
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    var settings = Settings()
    settings.threads = try arguments.integer("--threads", in: Limits.threads) ?? settings.threads
    let names = try arguments.selection("--configs", from: configurations.map(\.name))
    settings.repeats = try arguments.integer("--repeats", in: Limits.repeats) ?? settings.repeats
    settings.warmup = try arguments.integer("--warmup", in: Limits.warmup) ?? settings.warmup
    settings.stepsScale =
      try arguments.number("--steps-scale", expected: "steps scale (above 0, at most 100)") {
        $0 > 0 && $0 <= 100
      } ?? settings.stepsScale
    settings.seed = try arguments.option("--seed", as: UInt64.self) ?? settings.seed
    try arguments.finish()
    let chosen = names.compactMap { name in configurations.first { $0.name == name } }
    let saved = Kernels.threadCount
    Kernels.threadCount = settings.threads
    defer { Kernels.threadCount = saved }
    for configuration in chosen {
      let result = try measure(configuration, settings: settings)
      if json {
        try Console.standardOutput.line(result.text)
      } else {
        try Console.standardError.line(summary(of: result, configuration))
      }
    }
    return 0
  }

  static func measure(_ configuration: Configuration, settings: Settings) throws -> JSONValue {
    var generator = SeededGenerator(seed: settings.seed)
    let sizes = configuration.sizes
    let model =
      configuration.binary
      ? Sequential<Float>([
        try Dense<Float>(sizes[0], sizes[1], weightInitializer: .heNormal, using: &generator)
      ])
      : try Sequential<Float>.perceptron(
        layerSizes: sizes, activation: .relu, using: &generator)
    var inputs: [Tensor<Float>] = []
    var targets: [Tensor<Float>] = []
    for _ in 0..<16 {
      inputs.append(try .normal(shape: [configuration.batch, sizes[0]], using: &generator))
      let classes = configuration.binary ? 2 : sizes[sizes.count - 1]
      let labels = (0..<configuration.batch).map { _ in Float(generator.nextIndex(below: classes)) }
      targets.append(
        configuration.binary
          ? try Tensor(shape: [configuration.batch, 1], scalars: labels) : Tensor(labels))
    }
    return configuration.binary
      ? try measure(configuration, model, BinaryCrossEntropyWithLogits(), inputs, targets, settings)
      : try measure(configuration, model, SoftmaxCrossEntropy(), inputs, targets, settings)
  }

  private static func measure(
    _ configuration: Configuration, _ model: Sequential<Float>, _ loss: some Loss<Float>,
    _ inputs: [Tensor<Float>], _ targets: [Tensor<Float>], _ settings: Settings
  ) throws -> JSONValue {
    var model = model
    var loss = loss
    var optimizer = try SGD<Float>(learningRate: 0.1)
    func train(_ steps: Int, from start: Int) throws -> Float {
      var value: Float = .nan
      for step in start..<(start + steps) {
        let batch = step % inputs.count
        model.zeroGradients()
        value = try loss(model.forward(inputs[batch]), targets[batch])
        try model.accumulateParameterGradients(try loss.backward())
        try optimizer.update(&model)
      }
      return value
    }
    func infer(_ steps: Int) throws {
      for step in 0..<steps { _ = try model.forward(inputs[step % inputs.count]) }
    }
    let steps = Swift.max(1, Int((Double(configuration.steps) * settings.stepsScale).rounded()))
    let loss0 = try train(1, from: 0)
    let lossN = settings.warmup > 0 ? try train(settings.warmup, from: 1) : loss0
    try infer(Swift.max(3, settings.warmup))
    let monitor = LoadMonitor()
    var trainRates: [Double] = []
    var inferRates: [Double] = []
    for _ in 0..<settings.repeats {
      let start = ContinuousClock.now
      _ = try train(steps, from: 0)
      trainRates.append(Double(configuration.batch * steps) / (ContinuousClock.now - start).seconds)
    }
    for _ in 0..<settings.repeats {
      let start = ContinuousClock.now
      try infer(2 * steps)
      inferRates.append(
        Double(configuration.batch * 2 * steps) / (ContinuousClock.now - start).seconds)
    }
    let otherLoad = monitor.otherLoad
    let train = medianSpread(trainRates)
    let infer = medianSpread(inferRates)
    let sizes = configuration.sizes
    let forwardFlops = zip(sizes, sizes.dropFirst()).reduce(0.0) {
      $0 + 2 * Double(configuration.batch * $1.0 * $1.1)
    }
    let inputGradientFlops = zip(sizes.dropFirst(), sizes.dropFirst(2)).reduce(0.0) {
      $0 + 2 * Double(configuration.batch * $1.0 * $1.1)
    }
    let trainFlops = 2 * forwardFlops + inputGradientFlops
    return .object([
      ("impl", .string("gatekit")), ("config", .string(configuration.name)),
      ("train_samples_per_s", .number(rounded(train.median))),
      ("infer_samples_per_s", .number(rounded(infer.median))),
      ("threads", .number(Double(settings.threads))),
      ("train_min_max", .array([.number(rounded(train.min)), .number(rounded(train.max))])),
      ("infer_min_max", .array([.number(rounded(infer.min)), .number(rounded(infer.max))])),
      (
        "train_gflops",
        .number(rounded(train.median / Double(configuration.batch) * trainFlops / 1e9, 2))
      ),
      (
        "infer_gflops",
        .number(rounded(infer.median / Double(configuration.batch) * forwardFlops / 1e9, 2))
      ),
      ("layers", .array(sizes.map { .number(Double($0)) })),
      ("batch", .number(Double(configuration.batch))),
      ("steps_per_repeat", .number(Double(steps))), ("repeats", .number(Double(settings.repeats))),
      ("loss_step0", .number(rounded(Double(loss0), 6))),
      ("loss_stepN", .number(rounded(Double(lossN), 6))),
      ("N", .number(Double(1 + settings.warmup))),
      ("other_load", otherLoad.map(JSONValue.number) ?? .string("n/a")),
      ("kernels", .string("\(Kernels.activeImplementation)")),
    ])
  }

  private static func summary(of result: JSONValue, _ configuration: Configuration) -> String {
    guard case .object(let members) = result else { return result.text }
    func value(_ key: String) -> Double {
      if case .number(let number)? = members.first(where: { $0.0 == key })?.1 { return number }
      return .nan
    }
    return String(
      format:
        "gatekit %-12@ train %12.0f samples/s  infer %12.0f samples/s  (%.2f / %.2f GFLOP/s)  loss %.5f -> %.5f",
      configuration.name, value("train_samples_per_s"), value("infer_samples_per_s"),
      value("train_gflops"),
      value("infer_gflops"), value("loss_step0"), value("loss_stepN"))
  }
}
