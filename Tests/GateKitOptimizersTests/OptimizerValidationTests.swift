import GateKit
import Testing

@Suite("Optimizer hyperparameters are validated at init")
struct OptimizerValidationTests {
  @Test func invalidSettingsThrowInsteadOfTrapping() {
    #expect(throws: GateKitError.self) { try SGD<Float>(learningRate: -0.1) }
    #expect(throws: GateKitError.self) { try SGD<Float>(learningRate: 0.1, momentum: 1) }
    #expect(throws: GateKitError.self) { try SGD<Float>(learningRate: 0.1, nesterov: true) }
    #expect(throws: GateKitError.self) { try Adam<Float>(beta1: 1) }
    #expect(throws: GateKitError.self) { try Adam<Float>(beta2: 1.5) }
    #expect(throws: GateKitError.self) { try AdamW<Double>(epsilon: 0) }
    #expect(throws: GateKitError.self) { try RMSProp<Double>(alpha: -0.1) }
    #expect(throws: GateKitError.self) { try AdaGrad<Double>(learningRate: .nan) }
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "SGD", reason: "momentum must be in [0.0, 1.0), got 1.0")
    ) {
      try SGD<Float>(learningRate: 0.1, momentum: 1)
    }
  }
}
