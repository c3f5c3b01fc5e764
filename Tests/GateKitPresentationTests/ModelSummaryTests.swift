import GateKit
import Testing

@Suite("Model summaries")
struct ModelSummaryTests {
  @Test func aPerceptronListsEachLayerWithShapesAndCounts() throws {
    var generator = SeededGenerator(seed: 0)
    let model = try Sequential<Float>.perceptron(
      layerSizes: [64, 32, 10], activation: .relu, using: &generator)
    let summary = try model.summary(inputShape: [8, 64])
    #expect(
      summary.rows == [
        .init(
          path: "layers.0", gate: "Dense(64 → 32)", outputShape: [8, 32], parameterCount: 2080),
        .init(path: "layers.1", gate: "ReLU", outputShape: [8, 32], parameterCount: 0),
        .init(path: "layers.2", gate: "Dense(32 → 10)", outputShape: [8, 10], parameterCount: 330),
      ])
    #expect(summary.parameterCount == 2410 && summary.parameterBytes == 9640)
    #expect(summary.outputShape == [8, 10])
    let text = summary.description
    #expect(text.hasPrefix("path      gate            output shape  parameters\n"))
    #expect(text.contains("layers.0  Dense(64 → 32)  [8, 32]       2,080"))
    #expect(text.hasSuffix("input [8, 64] → output [8, 10]; 2,410 parameters (9640 bytes)"))
  }

  @Test func nestedCompositionsListTheirChildrenUnderTheirPath() throws {
    var generator = SeededGenerator(seed: 1)
    let residual = try Graph<Double>(inputs: "x", outputs: "y") {
      GraphNode("h", try Dense(3, 3, using: &generator), inputs: "x")
      GraphNode("y", Add(), inputs: "h", "x")
    }
    let model = try Sequential<Double> {
      residual
      Tanh()
      try Sequential { try Dense(3, 2, using: &generator) }
    }
    let summary = try model.summary(inputShape: [4, 3])
    #expect(
      summary.rows.map(\.path) == [
        "layers.0", "layers.0.h", "layers.0.y", "layers.1", "layers.2", "layers.2.layers.0",
      ])
    #expect(summary.rows.map(\.parameterCount) == [12, 12, 0, 0, 8, 8])
    #expect(
      summary.rows.map(\.outputShape) == Array(repeating: [4, 3], count: 4) + [[4, 2], [4, 2]])
    // The totals count each parameter once, not once per level.
    #expect(summary.parameterCount == 20 && summary.parameterBytes == 160)
  }

  @Test func aSingleGateIsOneRowAndAWrongShapeNamesTheGate() throws {
    var generator = SeededGenerator(seed: 2)
    let dense = try Dense<Double>(5, 2, using: &generator)
    let summary = try dense.summary(inputShape: [1, 5])
    #expect(
      summary.rows == [
        .init(path: "", gate: "Dense(5 → 2)", outputShape: [1, 2], parameterCount: 12)
      ])
    #expect(throws: GateKitError.self) { try dense.summary(inputShape: [1, 4]) }
    do {
      _ = try dense.summary(inputShape: [1, 4])
    } catch {
      #expect("\(error)".contains("Dense(5 → 2)"))
    }
    let big = try Sequential<Float>.perceptron(
      layerSizes: [784, 256, 10], activation: .relu, using: &generator)
    #expect(
      try big.summary(inputShape: [1, 784]).description.hasSuffix("203,530 parameters (0.8 MB)"))
  }
}
