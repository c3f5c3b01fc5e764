import GateKit
import Testing

/// A regression set: Gaussian features, targets a fixed nonlinear function of them.
private func regressionData(count: Int, inputs: Int, outputs: Int, seed: UInt64) throws
  -> Dataset<Float>
{
  var generator = SeededGenerator(seed: seed)
  let features = try Tensor<Float>.normal(shape: [count, inputs], using: &generator)
  let mixing = try Tensor<Float>.normal(
    shape: [inputs, outputs], standardDeviation: 0.2, using: &generator)
  let targets = try matmul(features, mixing).applying(.tanh)
  return try Dataset(features: features, targets: targets)
}

/// Trains a 3-layer perceptron from `seed` with `Trainer.fit` and returns the weights' bits.
/// The odd sizes (37 inputs, 70 and 45 hidden units, batch 23) make the threaded products
/// split into uneven column and row blocks, and the last batch of an epoch is partial.
private func trainedWeights(seed: UInt64, epochs: Int = 2) throws -> [[UInt32]] {
  let data = try regressionData(count: 23 * 5 + 11, inputs: 37, outputs: 5, seed: 1)
  var generator = SeededGenerator(seed: seed)
  let model = try Sequential<Float>.perceptron(
    layerSizes: [37, 70, 45, 5], activation: .tanh, using: &generator)
  var trainer = Trainer(model: model, loss: MeanSquaredError<Float>(), optimizer: try Adam<Float>())
  _ = try trainer.fit(data, configuration: .init(epochs: epochs, batchSize: 23, seed: seed))
  return weightBits(trainer.model)
}

extension KernelThreadSettingTests {
  /// Same seed and configuration, bit-identical weights, whatever the number of threads the
  /// matrix products are split across.
  @Suite("Reproducibility across thread counts")
  struct ReproducibilityTests {
    @Test func sameSeedGivesTheSameBitsOnOneAndTwoThreads() throws {
      let single = try withKernelThreads(1) { try trainedWeights(seed: 7) }
      // Threshold 0: every product with at least two blocks is split, so every product of
      // the training step (forward, dW and dX of each layer) runs on the pool.
      let double = try withKernelThreads(2, parallelThreshold: 0) { try trainedWeights(seed: 7) }
      let triple = try withKernelThreads(3, parallelThreshold: 0) { try trainedWeights(seed: 7) }
      #expect(double == single)
      #expect(triple == single)
      // Run twice in a row (the pool's workers warm, packing buffers reused): the same.
      #expect(
        try withKernelThreads(2, parallelThreshold: 0) { try trainedWeights(seed: 7) } == single)
    }

    /// The comparison above means something: the seed changes the weights, and training
    /// changes them.
    @Test func anotherSeedGivesOtherWeights() throws {
      try withKernelThreads(2, parallelThreshold: 0) {
        let weights = try trainedWeights(seed: 7)
        #expect(try trainedWeights(seed: 8) != weights)
        #expect(try trainedWeights(seed: 7, epochs: 1) != weights)
      }
    }
  }
}
