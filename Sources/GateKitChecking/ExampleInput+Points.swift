import GateKitCore

extension ExampleInput {
  /// One point the suite checks a gate at: the values of every input, and a label of
  /// their shapes.
  struct Point {
    var label: String
    var values: [Tensor<Double>]
  }

  /// The points of a conformance run: the example shapes, batch 1, an odd batch (one more
  /// than an even example batch, 3 for a batch of 1), and the last differentiable input
  /// without its first dimension (broadcast) when all differentiable inputs share a shape
  /// — each at `draws` random draws. The first point is the example shapes drawn from
  /// `seed` itself. The batch is the first dimension of the first input; inputs with
  /// another first dimension keep theirs, fixed values repeat their rows.
  static func points(_ examples: [ExampleInput], draws: Int, seed: UInt64) throws -> [Point] {
    var variants = [examples]
    if let batch = examples.first?.shape.first {
      for size in [1, batch % 2 == 0 ? batch + 1 : (batch == 1 ? 3 : nil)].compactMap({ $0 })
      where size != batch {
        variants.append(examples.map { $0.shape.first == batch ? $0.withBatch(size) : $0 })
      }
    }
    let differentiable = examples.indices.filter { examples[$0].isDifferentiable }
    if differentiable.count >= 2, let last = differentiable.last,
      Set(differentiable.map { examples[$0].shape }).count == 1, !examples[last].shape.isEmpty
    {
      var broadcast = examples
      broadcast[last].shape.removeFirst()
      variants.append(broadcast)
    }
    var points: [Point] = []
    for variant in variants {
      for _ in 0..<Swift.max(1, draws) {
        var generator = SeededGenerator(
          seed: points.isEmpty ? seed : seed &+ UInt64(points.count) &* 0x9E37_79B9)
        points.append(
          Point(
            label: variant.map { "\($0.shape)" }.joined(separator: " "),
            values: try variant.map { try $0.sample(using: &generator) }))
      }
    }
    return points
  }

  /// The same input with first dimension `size` (fixed values repeat their rows).
  private func withBatch(_ size: Int) -> ExampleInput {
    var copy = self
    copy.shape[0] = size
    if case .fixed(let tensor) = values, let rows = tensor.shape.first, rows > 0 {
      let width = tensor.scalarCount / rows
      let scalars = (0..<size).flatMap { row in
        tensor.scalars[(row % rows) * width..<(row % rows + 1) * width]
      }
      if let resized = try? Tensor<Double>(shape: copy.shape, scalars: Array(scalars)) {
        copy.values = .fixed(resized)
      }
    }
    return copy
  }
}
