import GateKit
import Testing

/// Every hyperparameter outside its documented range throws at init, and the edges of the
/// ranges are accepted.
@Suite("Optimizer hyperparameters outside their ranges throw")
struct HyperparameterRangeTests {
  /// A setting that must be rejected, with a name for the test report.
  struct Invalid: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () throws -> Void
  }

  static let invalid: [Invalid] = [
    Invalid(description: "SGD η = NaN") { _ = try SGD<Double>(learningRate: .nan) },
    Invalid(description: "SGD η = ∞") { _ = try SGD<Double>(learningRate: .infinity) },
    Invalid(description: "SGD μ = −0.1") { _ = try SGD<Double>(learningRate: 0.1, momentum: -0.1) },
    Invalid(description: "SGD τ = 1.5") {
      _ = try SGD<Double>(learningRate: 0.1, momentum: 0.9, dampening: 1.5)
    },
    Invalid(description: "SGD λ = −1") { _ = try SGD<Double>(learningRate: 0.1, weightDecay: -1) },
    Invalid(description: "SGD Nesterov with dampening") {
      _ = try SGD<Double>(learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)
    },
    Invalid(description: "Adam β₁ = −0.1") { _ = try Adam<Double>(beta1: -0.1) },
    Invalid(description: "Adam β₂ = 1") { _ = try Adam<Double>(beta2: 1) },
    Invalid(description: "Adam ε = NaN") { _ = try Adam<Double>(epsilon: .nan) },
    Invalid(description: "Adam λ = −0.01") { _ = try Adam<Double>(weightDecay: -0.01) },
    Invalid(description: "AdamW η = −1") { _ = try AdamW<Double>(learningRate: -1) },
    Invalid(description: "AdamW λ = ∞") { _ = try AdamW<Double>(weightDecay: .infinity) },
    Invalid(description: "AdamW β₁ = 1") { _ = try AdamW<Double>(beta1: 1) },
    Invalid(description: "RMSProp α = 1") { _ = try RMSProp<Double>(alpha: 1) },
    Invalid(description: "RMSProp ε = 0") { _ = try RMSProp<Double>(epsilon: 0) },
    Invalid(description: "RMSProp μ = 1") { _ = try RMSProp<Double>(momentum: 1) },
    Invalid(description: "RMSProp λ = −1") { _ = try RMSProp<Double>(weightDecay: -1) },
    Invalid(description: "AdaGrad δ = −0.1") { _ = try AdaGrad<Double>(learningRateDecay: -0.1) },
    Invalid(description: "AdaGrad s₀ = −1") {
      _ = try AdaGrad<Double>(initialAccumulatorValue: -1)
    },
    Invalid(description: "AdaGrad ε = 0") { _ = try AdaGrad<Double>(epsilon: 0) },
    Invalid(description: "AdaGrad λ = NaN") { _ = try AdaGrad<Double>(weightDecay: .nan) },
  ]

  @Test(arguments: invalid)
  func settingOutsideItsRangeThrowsInvalidArgument(setting: Invalid) {
    let error = #expect(throws: GateKitError.self) { try setting.make() }
    guard case .invalidArgument = error else {
      Issue.record("expected invalidArgument, got \(String(describing: error))")
      return
    }
  }

  @Test func edgesOfTheRangesAreAccepted() throws {
    _ = try SGD<Double>(learningRate: 0, momentum: 0, dampening: 1)
    _ = try SGD<Double>(learningRate: 0.1, momentum: 0.999, nesterov: true)
    _ = try Adam<Double>(learningRate: 0, beta1: 0, beta2: 0)
    _ = try AdamW<Double>(weightDecay: 0)
    _ = try RMSProp<Double>(alpha: 0, momentum: 0.99)
    _ = try AdaGrad<Double>(learningRate: 0, learningRateDecay: 0, initialAccumulatorValue: 0)
  }

  @Test func defaultsArePyTorchs() throws {
    let adam = try Adam<Double>()
    #expect(adam.learningRate == 1e-3)
    #expect(adam.moments.beta1 == 0.9)
    #expect(adam.moments.beta2 == 0.999)
    #expect(adam.moments.epsilon == 1e-8)
    #expect(adam.weightDecay == 0)
    let adamW = try AdamW<Double>()
    #expect(adamW.weightDecay == 0.01)
    #expect(adamW.moments == adam.moments)
    let rmsProp = try RMSProp<Double>()
    #expect(rmsProp.learningRate == 0.01)
    #expect(rmsProp.alpha == 0.99)
    #expect(rmsProp.epsilon == 1e-8)
    let adaGrad = try AdaGrad<Double>()
    #expect(adaGrad.learningRate == 0.01)
    #expect(adaGrad.epsilon == 1e-10)
  }
}
