import Foundation
import GateKit
import GateKitDatasets

/// SEEDS S2: logistic regression by gradient descent on the breast-cancer data.
public enum S2LogisticRegression {
  /// The gradients of the course's explicit loop over examples:
  /// `z = wᵀx + b`, `a = σ(z)`, `dz = a − y`, `dw += x·dz`, `db += dz`, then `/m`.
  ///
  /// - Parameters:
  ///   - features: `[m, n]`.
  ///   - labels: `m` labels, 0 or 1.
  ///   - w: `n` weights.
  ///   - b: The bias.
  /// - Returns: The cost `J` and the gradients `dw`, `db`.
  public static func loopGradients(
    features: Tensor<Double>, labels: [Int], w: [Double], b: Double
  ) -> (cost: Double, dw: [Double], db: Double) {
    let (m, n) = (features.shape[0], features.shape[1])
    var (cost, dw, db) = (0.0, [Double](repeating: 0, count: n), 0.0)
    for i in 0..<m {
      let x = features.scalars[(i * n)..<((i + 1) * n)]
      let z = zip(w, x).reduce(b) { $0 + $1.0 * $1.1 }
      let a = 1 / (1 + exp(-z))
      let y = Double(labels[i])
      cost += -(y * log(a) + (1 - y) * log(1 - a))
      let dz = a - y
      for (j, xj) in x.enumerated() { dw[j] += xj * dz }
      db += dz
    }
    return (cost / Double(m), dw.map { $0 / Double(m) }, db / Double(m))
  }

  /// The same model as gates: `Dense(n → 1) → Sigmoid`, with the binary cross-entropy.
  ///
  /// - Parameters:
  ///   - w: The weights.
  ///   - b: The bias.
  /// - Returns: The model.
  /// - Throws: Never for a non-empty `w`.
  public static func model(w: [Double], b: Double) throws -> Sequential<Double> {
    try Sequential {
      try Dense(weight: Tensor(shape: [w.count, 1], scalars: w), bias: [b])
      Sigmoid()
    }
  }

  /// Runs the story: the loop and the gates agree on the gradients at a random point, and
  /// gradient descent (learning rate 1, 500 full-batch steps, from zeros) reaches the
  /// promised test accuracy (≥ 96.5 %; scikit-learn's logistic regression: 98.25 %).
  ///
  /// - Returns: The result, with `gradient_difference`, `test_accuracy` and `test_loss`.
  /// - Throws: A ``GateKitError`` if the data or a gate fails.
  public static func run() throws -> StoryResult {
    var (train, test): (Dataset<Double>, Dataset<Double>) = try BundledDataset.breastCancer.split()
    let scaler = try Standardizer(fitting: train.features)
    train = try train.replacingFeatures(scaler.transform(train.features))
    test = try test.replacingFeatures(scaler.transform(test.features))

    var generator = SeededGenerator(seed: 2)
    let w = try Tensor<Double>.normal(
      shape: [train.featureCount], standardDeviation: 0.1, using: &generator
    ).scalars
    let loop = loopGradients(features: train.features, labels: train.labels, w: w, b: 0.3)
    var vectorized = try model(w: w, b: 0.3)
    var loss = try BinaryCrossEntropy<Double>()
    let cost = try loss(
      vectorized.forward(train.features), train.targets.reshaped(to: [train.count, 1]))
    _ = try vectorized.backward(try loss.backward())
    let dw = try vectorized.parameter(at: "layers.0.weight").gradient.scalars
    let db = try vectorized.parameter(at: "layers.0.bias").gradient.scalars[0]
    let difference = zip(dw, loop.dw).map { abs($0 - $1) }.reduce(abs(db - loop.db), max)

    var trainer = Trainer(
      model: try model(w: Array(repeating: 0, count: train.featureCount), b: 0),
      loss: try BinaryCrossEntropy<Double>(), optimizer: try SGD<Double>(learningRate: 1))
    var configuration = TrainingConfiguration(epochs: 500, batchSize: train.count)
    (configuration.shuffles, configuration.targetEncoding, configuration.accuracy) = (
      false, .column, .threshold(0.5)
    )
    _ = try trainer.fit(train, configuration: configuration)
    let result = try trainer.evaluate(test, configuration: configuration)
    let accuracy = result.accuracy ?? 0
    return StoryResult(
      id: "s2", title: "logistic regression by gradient descent (breast cancer, standardized)",
      numbers: [
        ("cost_difference", abs(cost - loop.cost)), ("gradient_difference", difference),
        ("test_accuracy", accuracy), ("test_loss", result.loss),
      ],
      lines: [
        "loop over examples vs vectorized gates: max |Δ gradient| = \(difference) (cost \(loop.cost))",
        "gradient descent, α = 1, 500 steps: test accuracy \(String(format: "%.2f", accuracy * 100)) %, log-loss \(String(format: "%.4f", result.loss))",
      ],
      passed: difference < 1e-12 && abs(cost - loop.cost) < 1e-12 && accuracy >= 0.965)
  }
}
