import GateKit
import Testing

@Suite("Sequential.perceptron")
struct PerceptronTests {
  @Test func buildsDenseLayersWithActivationsBetween() throws {
    var generator = SeededGenerator(seed: 1)
    let model = try Sequential<Float>.perceptron(
      layerSizes: [64, 128, 32, 10], activation: .relu, using: &generator)
    #expect(
      model.description
        == "Sequential(0: Dense(64 → 128), 1: ReLU, 2: Dense(128 → 32), 3: ReLU, 4: Dense(32 → 10))"
    )
    #expect(model.parameterCount == 64 * 128 + 128 + 128 * 32 + 32 + 32 * 10 + 10)
    #expect(throws: GateKitError.self) {
      try Sequential<Float>.perceptron(layerSizes: [3], activation: .tanh, using: &generator)
    }
  }
}
