import GateKitCore

/// The minibatches of one pass over a dataset, in a fixed order chosen when the sequence
/// is made. Each element is a batch of examples, gathered when it is reached.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// for batch in train.minibatches(size: 32, using: &generator) {
///   _ = try model.forward(batch.features)
/// }
/// ```
public struct Minibatches<Scalar: TensorScalar>: Sequence, Sendable {
  /// The dataset.
  public let dataset: Dataset<Scalar>
  /// The number of examples per batch (the last batch may be smaller).
  public let batchSize: Int
  /// The order in which examples are visited.
  public let order: [Int]

  /// The number of batches.
  public var count: Int { order.isEmpty ? 0 : (order.count - 1) / batchSize + 1 }

  /// An iterator over the batches.
  public struct Iterator: IteratorProtocol {
    fileprivate let batches: Minibatches
    fileprivate var start = 0

    /// The next batch, or `nil` after the last.
    ///
    /// - Returns: A dataset of at most `batchSize` examples.
    public mutating func next() -> Dataset<Scalar>? {
      guard start < batches.order.count else { return nil }
      // `start + batchSize` could overflow for a huge batch size; the remaining count cannot.
      let end = start + Swift.min(batches.batchSize, batches.order.count - start)
      defer { start = end }
      return batches.dataset.batch(Array(batches.order[start..<end]))
    }
  }

  /// An iterator from the first batch.
  ///
  /// - Returns: The iterator.
  public func makeIterator() -> Iterator { Iterator(batches: self) }
}

extension Dataset {
  /// The minibatches of one pass over the examples in a shuffled order.
  ///
  /// The shuffle is Fisher–Yates with an unbiased bounded draw from the generator's bits,
  /// written here rather than taken from the standard library so that one seed gives the
  /// same order on every platform and Swift version.
  ///
  /// - Parameters:
  ///   - size: The batch size, at least 1.
  ///   - generator: The source of the shuffle.
  /// - Returns: The batches.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a size below 1.
  public func minibatches(
    size: Int, using generator: inout some RandomNumberGenerator
  ) throws -> Minibatches<Scalar> {
    try validateBatchSize(size)  // before drawing, so a bad call leaves the generator unchanged
    var order = Array(0..<count)
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, generator.nextIndex(below: i + 1))
    }
    return try minibatches(size: size, order: order)
  }

  /// The minibatches of one pass over the examples in their stored order.
  ///
  /// - Parameter size: The batch size, at least 1.
  /// - Returns: The batches.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a size below 1.
  public func minibatches(size: Int) throws -> Minibatches<Scalar> {
    try minibatches(size: size, order: Array(0..<count))
  }

  private func minibatches(size: Int, order: [Int]) throws -> Minibatches<Scalar> {
    try validateBatchSize(size)
    return Minibatches(dataset: self, batchSize: size, order: order)
  }

  private func validateBatchSize(_ size: Int) throws {
    guard size >= 1 else {
      throw GateKitError.invalidArgument(
        operation: "Dataset.minibatches", reason: "batch size must be ≥ 1, got \(size)")
    }
  }

  /// The examples at valid indices (made by the batching code itself).
  fileprivate func batch(_ indices: [Int]) -> Dataset {
    if indices.count == count, indices.first == 0, indices.last == count - 1,
      indices.elementsEqual(0..<count)
    {
      return self  // the whole dataset in its stored order
    }
    // The indices come from a permutation of 0..<count, so the gathers cannot fail.
    let features = (try? features.gatherRows(indices)) ?? self.features
    let targets = (try? targets.gatherRows(indices)) ?? self.targets
    return Dataset(checkedFeatures: features, targets: targets, classCount: classCount)
  }
}

extension RandomNumberGenerator {
  /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject
  /// method, written out so that the result depends only on the generator's bits).
  ///
  /// - Parameter bound: The exclusive upper bound, at least 1 (a smaller bound gives 0).
  /// - Returns: An integer in `0..<bound`.
  public mutating func nextIndex(below bound: Int) -> Int {
    let range = UInt64(Swift.max(bound, 1))
    let threshold = (0 &- range) % range
    while true {
      let (high, low) = range.multipliedFullWidth(by: next())
      if low >= threshold { return Int(high) }
    }
  }
}
