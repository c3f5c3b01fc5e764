import Foundation
import GateKit
import Synchronization
import Testing

/// The suites that change the process-wide kernel settings (`Kernels.threadCount`,
/// `Kernels.parallelThreshold`). They are nested in this one serialized suite so that no two
/// of them save and restore the settings interleaved (which could leave one changed). Other
/// suites may run meanwhile: results are bit-identical for every thread count and threshold,
/// so what they compute does not change, only how fast.
@Suite("Kernel thread settings", .serialized)
enum KernelThreadSettingTests {}

/// Runs `body` with the given kernel thread settings, restoring the previous ones.
func withKernelThreads<T>(
  _ threadCount: Int, parallelThreshold: Int? = nil, _ body: () throws -> T
) rethrows -> T {
  let saved = (Kernels.threadCount, Kernels.parallelThreshold)
  defer { (Kernels.threadCount, Kernels.parallelThreshold) = saved }
  Kernels.threadCount = threadCount
  if let parallelThreshold { Kernels.parallelThreshold = parallelThreshold }
  return try body()
}

/// The async form of ``withKernelThreads(_:parallelThreshold:_:)``.
func withKernelThreads<T>(
  _ threadCount: Int, parallelThreshold: Int? = nil, _ body: () async throws -> T
) async rethrows -> T {
  let saved = (Kernels.threadCount, Kernels.parallelThreshold)
  defer { (Kernels.threadCount, Kernels.parallelThreshold) = saved }
  Kernels.threadCount = threadCount
  if let parallelThreshold { Kernels.parallelThreshold = parallelThreshold }
  return try await body()
}

/// The bit patterns of every parameter of a model, in parameter order.
func weightBits(_ model: some Gate<Float>) -> [[UInt32]] {
  model.parameters.map { $0.parameter.value.scalars.map(\.bitPattern) }
}

/// One independent training job: its own model, data and seed.
private struct Job: Sendable, CustomStringConvertible {
  var layerSizes: [Int]
  var batch: Int
  var seed: UInt64
  var steps: Int

  var description: String { "\(layerSizes) batch \(batch) seed \(seed)" }

  /// The floating-point operations of the first layer's forward product, `2·batch·in·out`
  /// (its two backward products have the same count).
  var firstProductFlops: Int { 2 * batch * layerSizes[0] * layerSizes[1] }

  /// Large jobs (whose first-layer products cross the default parallel threshold of 4 M
  /// flops: 2·96·128·256 = 6.3 M) alternate with small ones.
  static func mix(count: Int, steps: Int) -> [Job] {
    (0..<count).map { index in
      index.isMultiple(of: 2)
        ? Job(layerSizes: [128, 256, 10], batch: 96, seed: UInt64(100 + index), steps: steps)
        : Job(layerSizes: [10, 16, 3], batch: 12, seed: UInt64(100 + index), steps: steps)
    }
  }
}

/// Trains `job` from its seed with plain forward, backward and SGD-with-momentum steps on
/// one fixed batch (regression on Gaussian targets) and returns the weights' bits.
private func train(_ job: Job) throws -> [[UInt32]] {
  var generator = SeededGenerator(seed: job.seed)
  var model = try Sequential<Float>.perceptron(
    layerSizes: job.layerSizes, activation: .relu, using: &generator)
  let x = try Tensor<Float>.normal(shape: [job.batch, job.layerSizes[0]], using: &generator)
  let target = try Tensor<Float>.normal(
    shape: [job.batch, job.layerSizes[job.layerSizes.count - 1]], using: &generator)
  var loss = MeanSquaredError<Float>()
  var optimizer = try SGD<Float>(learningRate: 0.01, momentum: 0.9)
  for _ in 0..<job.steps {
    model.zeroGradients()
    let y = try model.forward(x)
    _ = try loss(y, target)
    _ = try model.backward(try loss.backward())
    try optimizer.update(&model)
  }
  return weightBits(model)
}

/// A classification set for `job`: Gaussian features, labels cycling through 10 classes.
private func classificationData(_ job: Job) throws -> Dataset<Float> {
  var generator = SeededGenerator(seed: job.seed &* 7 &+ 1)
  let inputs = job.layerSizes[0]
  let classes = job.layerSizes[job.layerSizes.count - 1]
  let count = job.batch * 3
  let features = try Tensor<Float>.normal(shape: [count, inputs], using: &generator)
  let labels = (0..<count).map { Float(($0 * 7 + Int(job.seed)) % classes) }
  return try Dataset(features: features, targets: Tensor(labels), classCount: classes)
}

/// Trains `job` with `Trainer.fit` (shuffled minibatches, softmax cross-entropy, Adam).
private func fit(_ job: Job) throws -> [[UInt32]] {
  var generator = SeededGenerator(seed: job.seed)
  let model = try Sequential<Float>.perceptron(
    layerSizes: job.layerSizes, activation: .tanh, using: &generator)
  var trainer = Trainer(
    model: model, loss: SoftmaxCrossEntropy<Float>(), optimizer: try Adam<Float>())
  _ = try trainer.fit(
    try classificationData(job),
    configuration: .init(epochs: job.steps, batchSize: job.batch, seed: job.seed))
  return weightBits(trainer.model)
}

/// Results delivered by several threads.
private final class Results<T: Sendable>: Sendable {
  let values = Mutex<[Int: Result<T, any Error>]>([:])
}

/// Runs `body(0)`, …, `body(count − 1)` at once, each on its own thread (more threads than
/// cores, so the callers really overlap and contend for the kernels' thread pool), and
/// returns the results in order.
private func onSeparateThreads<T: Sendable>(
  _ count: Int, _ body: @escaping @Sendable (Int) throws -> T
) throws -> [T] {
  let results = Results<T>()
  let group = DispatchGroup()
  for index in 0..<count {
    group.enter()
    let thread = Thread {
      let result = Result { try body(index) }
      results.values.withLock { $0[index] = result }
      group.leave()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }
  group.wait()
  return try results.values.withLock { values in try (0..<count).map { try values[$0]!.get() } }
}

extension KernelThreadSettingTests {
  /// Many independent models trained at the same time, large ones whose products are split
  /// across the kernels' thread pool (callers that find the pool busy compute on their own)
  /// and small ones: each ends bit-identical to the same model trained alone on one thread.
  @Suite("Concurrent training")
  struct ConcurrencyStressTests {
    @Test func concurrentModelsMatchTrainingAloneOnOneThread() throws {
      let jobs = Job.mix(count: 12, steps: 2)
      try #require(jobs[0].firstProductFlops >= Kernels.parallelThreshold)
      let alone = try withKernelThreads(1) { try jobs.map(train) }
      let concurrent = try withKernelThreads(3) {
        try onSeparateThreads(jobs.count) { try train(jobs[$0]) }
      }
      for (index, job) in jobs.enumerated() {
        #expect(concurrent[index] == alone[index], "\(job)")
      }
      // The jobs are independent: different seeds give different weights.
      #expect(alone[0] != alone[2])
    }

    /// The same through `Trainer.fit` (shuffling, Adam, softmax cross-entropy), the
    /// trainers running in a task group.
    @Test func concurrentTrainersMatchTrainingAloneOnOneThread() async throws {
      let jobs = Job.mix(count: 8, steps: 1)
      try #require(jobs[0].firstProductFlops >= Kernels.parallelThreshold)
      let alone = try withKernelThreads(1) { try jobs.map(fit) }
      let concurrent = try await withKernelThreads(2) {
        try await withThrowingTaskGroup(of: (Int, [[UInt32]]).self) { group in
          for (index, job) in jobs.enumerated() {
            group.addTask { (index, try fit(job)) }
          }
          var results = [[[UInt32]]](repeating: [], count: jobs.count)
          for try await (index, bits) in group { results[index] = bits }
          return results
        }
      }
      for (index, job) in jobs.enumerated() {
        #expect(concurrent[index] == alone[index], "\(job)")
      }
    }
  }
}
