import Foundation
import GateKit
import GateKitDatasets

/// SEEDS S4: the course's shallow network on the planar "flower", and why weights must
/// not start at zero.
public enum S4PlanarFlower {
  /// `Dense(2 → hidden) → Tanh → Dense(hidden → 1) → Sigmoid`, or logistic regression
  /// (`Dense(2 → 1) → Sigmoid`) when `hidden` is 0; biases start at zero.
  ///
  /// - Parameters:
  ///   - hidden: The number of hidden units (0 for logistic regression).
  ///   - weights: The weight initializer.
  ///   - generator: The source of the initial weights.
  /// - Returns: The model.
  /// - Throws: Never for these sizes.
  public static func model(
    hidden: Int, weights: some Initializer, using generator: inout some RandomNumberGenerator
  ) throws -> Sequential<Double> {
    try Sequential {
      if hidden > 0 {
        try Dense(2, hidden, weightInitializer: weights, using: &generator)
        Tanh()
        try Dense(hidden, 1, weightInitializer: weights, using: &generator)
      } else {
        try Dense(2, 1, weightInitializer: weights, using: &generator)
      }
      Sigmoid()
    }
  }

  /// Full-batch gradient descent with the binary cross-entropy (the course's setting).
  ///
  /// - Parameters:
  ///   - model: The model.
  ///   - data: The training set.
  ///   - steps: The number of updates.
  ///   - learningRate: `α`.
  /// - Returns: The trained trainer.
  /// - Throws: A ``GateKitError`` if a gate fails.
  public static func train(
    _ model: Sequential<Double>, on data: Dataset<Double>, steps: Int, learningRate: Double
  ) throws -> Trainer<Sequential<Double>, BinaryCrossEntropy<Double>, SGD<Double>> {
    var trainer = Trainer(
      model: model, loss: try BinaryCrossEntropy<Double>(),
      optimizer: try SGD<Double>(learningRate: learningRate))
    _ = try trainer.fit(data, configuration: configuration(steps: steps, batch: data.count))
    return trainer
  }

  static func configuration(steps: Int, batch: Int) -> TrainingConfiguration {
    var configuration = TrainingConfiguration(epochs: steps, batchSize: batch)
    (configuration.shuffles, configuration.targetEncoding, configuration.accuracy) = (
      false, .column, .threshold(0.5)
    )
    configuration.checksNumerics = false
    return configuration
  }

  /// Runs the story: the 2-4-1 tanh network (learning rate 1.2, 10,000 steps, weights
  /// `randn × 0.01`) against logistic regression on the fixed test split.
  ///
  /// - Returns: The result, with `test_accuracy` (≥ 0.82 promised; anchor 0.860) and
  ///   `logistic_test_accuracy` (near 0.5).
  /// - Throws: A ``GateKitError`` if the data or a gate fails.
  public static func run() throws -> StoryResult {
    let (train, test): (Dataset<Double>, Dataset<Double>) = try BundledDataset.planarFlower.split()
    var generator = SeededGenerator(seed: 1)
    let small = RandomNormal.scaledStandardNormal(0.01)
    var network = try Self.train(
      model(hidden: 4, weights: small, using: &generator), on: train, steps: 10_000,
      learningRate: 1.2)
    var logistic = try Self.train(
      model(hidden: 0, weights: small, using: &generator), on: train, steps: 10_000,
      learningRate: 1.2)
    let settings = configuration(steps: 1, batch: test.count)
    let accuracy = try network.evaluate(test, configuration: settings).accuracy ?? 0
    let baseline = try logistic.evaluate(test, configuration: settings).accuracy ?? 0
    return StoryResult(
      id: "s4", title: "a 2-4-1 tanh network on the planar flower",
      numbers: [("test_accuracy", accuracy), ("logistic_test_accuracy", baseline)],
      lines: [
        "2-4-1 tanh network, α = 1.2, 10,000 full-batch steps: test accuracy \(percent(accuracy))",
        "logistic regression, same training: test accuracy \(percent(baseline))",
      ],
      passed: accuracy >= 0.82 && baseline < 0.6)
  }

  /// Runs the initialization story: after training, hidden units that started from
  /// all-zero weights are still identical; from `randn × 0.01` they differ.
  ///
  /// - Returns: The result, with `zero_init_unit_spread` (0 promised) and
  ///   `random_init_unit_spread` (> 0).
  /// - Throws: A ``GateKitError`` if the data or a gate fails.
  public static func runInitialization() throws -> StoryResult {
    let (train, _): (Dataset<Double>, Dataset<Double>) = try BundledDataset.planarFlower.split()
    var generator = SeededGenerator(seed: 4)
    let zero = try Self.train(
      model(hidden: 4, weights: .zeros, using: &generator), on: train, steps: 1000,
      learningRate: 1.2)
    let random = try Self.train(
      model(hidden: 4, weights: RandomNormal.scaledStandardNormal(0.01), using: &generator),
      on: train,
      steps: 1000, learningRate: 1.2)
    let zeroSpread = try unitSpread(zero.model)
    let randomSpread = try unitSpread(random.model)
    return StoryResult(
      id: "s4-initialization",
      title: "all-zero weights never break the symmetry between hidden units",
      numbers: [("zero_init_unit_spread", zeroSpread), ("random_init_unit_spread", randomSpread)],
      lines: [
        "largest difference between hidden units after 1,000 steps: zero init \(zeroSpread), randn × 0.01 init \(randomSpread)"
      ],
      passed: zeroSpread == 0 && randomSpread > 1e-3)
  }

  /// The largest difference between any two hidden units' incoming weights, biases and
  /// outgoing weights (0 when all units compute the same function).
  static func unitSpread(_ model: Sequential<Double>) throws -> Double {
    let w1 = try model.parameter(at: "layers.0.weight").value  // 2 × h: unit j is column j
    let b1 = try model.parameter(at: "layers.0.bias").value
    let w2 = try model.parameter(at: "layers.2.weight").value  // h × 1: unit j is row j
    let h = w1.shape[1]
    func unit(_ j: Int) -> [Double] {
      [w1.scalars[j], w1.scalars[h + j], b1.scalars[j], w2.scalars[j]]
    }
    var spread = 0.0
    for j in 1..<h {
      spread = max(spread, zip(unit(0), unit(j)).reduce(0) { max($0, abs($1.0 - $1.1)) })
    }
    return spread
  }
}

/// `86.25 %`.
func percent(_ fraction: Double) -> String {
  String(format: "%.2f %%", fraction * 100)
}
