import Foundation
import GateKit
import Testing

/// Training steps on fixed batches, so that two runs see exactly the same data.
private struct Steps {
  var batches: [(x: Tensor<Float>, y: Tensor<Float>)]

  init(count: Int, seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    batches = try (0..<count).map { _ in
      (
        try Tensor<Float>.normal(shape: [8, 4], using: &generator),
        try Tensor<Float>.normal(shape: [8, 3], using: &generator)
      )
    }
  }

  /// Runs the batches `range` through `model` and `optimizer`.
  func run(
    _ range: Range<Int>, model: inout Sequential<Float>, optimizer: inout some Optimizer<Float>
  ) throws {
    var loss = MeanSquaredError<Float>()
    for i in range {
      model.zeroGradients()
      _ = try loss(model.forward(batches[i].x), batches[i].y)
      _ = try model.backward(loss.backward())
      optimizer.learningRate *= 0.9  // a schedule: the saved rate must be the current one
      try optimizer.update(&model)
    }
  }
}

private func makeModel(seed: UInt64) throws -> Sequential<Float> {
  var generator = SeededGenerator(seed: seed)
  return try Sequential<Float>([
    Dense(4, 6, using: &generator), Tanh(), Dense(6, 3, using: &generator),
  ])
}

private func bits(_ model: Sequential<Float>) -> [[UInt32]] {
  model.parameters.map { $0.parameter.value.scalars.map(\.bitPattern) }
}

@Suite("Optimizer state checkpoints")
struct OptimizerCheckpointTests {
  /// Ten steps in one go equal five steps, a save, a load into fresh objects and five
  /// more steps, bit for bit — for every optimizer with state.
  @Test(arguments: ["sgd", "nesterov", "adam", "adamw", "rmsprop", "adagrad"])
  func trainingResumesBitExactly(optimizerName: String) throws {
    func makeOptimizer() throws -> any Optimizer<Float> {
      switch optimizerName {
      case "sgd": try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 1e-3)
      case "nesterov": try SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
      case "adam": try Adam(learningRate: 0.01)
      case "adamw": try AdamW(learningRate: 0.01)
      case "rmsprop": try RMSProp(learningRate: 0.01, momentum: 0.5, centered: true)
      default: try AdaGrad(learningRate: 0.1)
      }
    }
    try resume(makeOptimizer)
  }

  private func resume(_ fresh: () throws -> any Optimizer<Float>) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let steps = try Steps(count: 10, seed: 5)

    var model = try makeModel(seed: 1)
    var optimizer = try fresh()
    try steps.run(0..<10, model: &model, optimizer: &optimizer)

    var first = try makeModel(seed: 1)
    var firstOptimizer = try fresh()
    try steps.run(0..<5, model: &first, optimizer: &firstOptimizer)
    let modelURL = directory.appending(path: "model.safetensors")
    let stateURL = directory.appending(path: "optimizer.safetensors")
    try first.saveParameters(to: modelURL)
    try firstOptimizer.saveState(to: stateURL, metadata: ["epoch": "1"])

    var resumed = try makeModel(seed: 99)
    var resumedOptimizer = try fresh()
    try resumed.loadParameters(from: modelURL)
    let metadata = try resumedOptimizer.loadState(from: stateURL, for: resumed)
    #expect(metadata["epoch"] == "1" && metadata["step"] == "5")
    #expect(resumedOptimizer.state == firstOptimizer.state)
    #expect(resumedOptimizer.learningRate == firstOptimizer.learningRate)
    try steps.run(5..<10, model: &resumed, optimizer: &resumedOptimizer)

    #expect(bits(resumed) == bits(model))
    #expect(resumedOptimizer.state == optimizer.state)
  }

  @Test func aStateFileForAnotherOptimizerOrModelIsAnErrorAndChangesNothing() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var model = try makeModel(seed: 1)
    var adam = try Adam<Float>(learningRate: 0.01)
    try Steps(count: 2, seed: 3).run(0..<2, model: &model, optimizer: &adam)
    let url = directory.appending(path: "adam.safetensors")
    try adam.saveState(to: url)

    var sgd = try SGD<Float>(learningRate: 0.1, momentum: 0.9)
    #expect(throws: GateKitError.self) { try sgd.loadState(from: url, for: model) }
    #expect(sgd.state.step == 0 && sgd.state.tensors.isEmpty)
    do {
      try sgd.loadState(from: url, for: model)
    } catch {
      #expect("\(error)".contains("the file holds the state of Adam"))
    }

    var generator = SeededGenerator(seed: 0)
    let wider = try Sequential<Float>([
      Dense(4, 7, using: &generator), Tanh(), Dense(7, 3, using: &generator),
    ])
    var other = try Adam<Float>(learningRate: 0.5)
    do {
      try other.loadState(from: url, for: wider)
      Issue.record("loading another model's state succeeded")
    } catch let GateKitError.shapeMismatch(operation, _, actual) {
      #expect(operation.contains("layers.0.bias.") && actual == [6])
    }
    #expect(other.state.step == 0 && other.learningRate == 0.5)

    let shorter = try Sequential<Float>([Dense(4, 6, using: &generator), Tanh()])
    do {
      try other.loadState(from: url, for: shorter)
      Issue.record("loading state for missing parameters succeeded")
    } catch {
      #expect("\(error)".contains("belongs to no parameter of the model"))
    }
  }

  @Test func aBadStepOrLearningRateIsMalformed() throws {
    let model = try makeModel(seed: 1)
    let adam = try Adam<Float>()
    for (key, value) in [("step", "-1"), ("step", "x"), ("learning_rate", "nan")] {
      var archive = adam.stateArchive()
      archive.metadata[key] = value
      var loaded = try Adam<Float>()
      do {
        try loaded.loadState(from: archive, source: "state.safetensors", for: model)
        Issue.record("\(key) = \(value) was accepted")
      } catch let GateKitError.malformedData(source, location, _) {
        #expect(source == "state.safetensors" && location.contains(key))
      }
    }
  }
}
