import GateKit
import Testing

/// A schedule that behaves for two epochs, then sets an absurd learning rate: a way to
/// make training diverge on purpose in epoch 3.
private struct Explosion: LearningRateSchedule {
  func learningRate(atStep step: Int, baseRate: Double) -> Double {
    step < 2 ? baseRate : 1e300
  }
  var description: String { "Explosion" }
}

private func regression() throws -> Dataset<Double> {
  var generator = SeededGenerator(seed: 3)
  let x = try Tensor<Double>.normal(shape: [64, 3], using: &generator)
  let y = try matmul(x, Tensor(rows: [[1], [-2], [0.5]]))
  return try Dataset(features: x, targets: y)
}

@Suite("Numerical faults during training")
struct NumericalFaultTests {
  /// Training that diverges stops with an error naming the epoch, the step and the first
  /// parameter concerned; the checkpoint hook saw only the good epochs, whose models are
  /// finite.
  @Test func aDivergingRunStopsAndNamesWhereAndTheLastGoodModelSurvives() throws {
    var generator = SeededGenerator(seed: 1)
    let model = try Sequential<Double>([
      Dense(3, 8, using: &generator), Tanh(), Dense(8, 1, using: &generator),
    ])
    var trainer = Trainer(
      model: model, loss: MeanSquaredError<Double>(), optimizer: try SGD(learningRate: 0.01))
    var configuration = TrainingConfiguration(epochs: 5, batchSize: 16, seed: 0)
    configuration.schedule = Explosion()
    var saved: [(epoch: Int, model: Sequential<Double>)] = []
    do {
      _ = try trainer.fit(
        regression(), configuration: configuration,
        checkpoint: { record, model in saved.append((record.epoch, model)) })
      Issue.record("training on a 1e300 learning rate succeeded")
    } catch let GateKitError.nonFinite(operation, location) {
      #expect(operation.hasPrefix("training"))
      #expect(location.hasPrefix("epoch 3, step "), "\(location)")
      #expect(location.contains("layers."), "names a parameter: \(location)")
    }
    #expect(saved.map(\.epoch) == [1, 2])
    #expect(saved.allSatisfy { $0.model.parameters.allSatisfy(\.parameter.value.isFinite) })
    // The failed step's update was not applied when its gradient was the problem; either
    // way the trainer still holds a model, and the last checkpoint is intact.
    #expect(saved.last?.model.parameters.count == 4)
  }

  /// A gradient of NaN in one parameter is reported with that parameter's path, and the
  /// update is not applied.
  @Test func aNonFiniteGradientNamesTheParameterAndSkipsTheUpdate() throws {
    var generator = SeededGenerator(seed: 2)
    let model = try Sequential<Double>([Dense(3, 1, using: &generator)])
    var trainer = Trainer(
      model: model, loss: MeanSquaredError<Double>(), optimizer: try SGD(learningRate: 0.1))
    let x = try Tensor<Double>(rows: [[1, 2, 3], [1e200, 1e200, 1e200]])
    let data = try Dataset(features: x, targets: Tensor(rows: [[1], [2]]))
    let before = trainer.model.parameters.map(\.parameter.value)
    do {
      _ = try trainer.step(
        on: data, configuration: TrainingConfiguration(epochs: 1, batchSize: 2, seed: 0))
      Issue.record("a step on 1e200 features succeeded")
    } catch let GateKitError.nonFinite(_, location) {
      #expect(location.contains("layers.0.weight") || location.contains("the loss is"))
    }
    #expect(trainer.model.parameters.map(\.parameter.value) == before)
  }

  @Test func finitenessIsExactEvenWhenTheSumOverflows() throws {
    #expect(try Tensor<Float>(shape: [2], scalars: [3e38, 3e38]).isFinite)
    #expect(!Tensor<Float>([1, .nan]).isFinite)
    #expect(!Tensor<Double>([-.infinity, 1]).isFinite)
    #expect(!Tensor<Double>([.infinity, -.infinity]).isFinite)
    #expect(Tensor<Double>([]).isFinite)
  }
}
