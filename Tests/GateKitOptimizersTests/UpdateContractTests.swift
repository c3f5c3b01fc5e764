import GateKit
import Testing

/// What `update(_:)` promises for every rule: it checks the learning rate and the gradient
/// shapes, leaves gradients alone, and computes the same steps in `Float` as in `Double`.
@Suite("Every optimizer's update keeps the Optimizer contract")
struct UpdateContractTests {
  @Test(arguments: Rule.allCases, [-0.1, Double.nan, Double.infinity, -Double.infinity])
  func invalidLearningRateSetAfterInitThrows(rule: Rule, learningRate: Double) throws {
    var optimizer = try rule.make(Double.self)
    optimizer.learningRate = learningRate
    var gate = Weights<Double>(1)
    gate.weight.gradient = 0.5
    let error = #expect(throws: GateKitError.self) { try optimizer.update(&gate) }
    guard case .invalidArgument(_, let reason) = error else {
      Issue.record("expected invalidArgument, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("learning rate"))
    // Rejected before anything changes.
    #expect(gate.weight.value == 1)
    #expect(optimizer.state == OptimizerState())
  }

  @Test(arguments: Rule.allCases)
  func gradientOfAnotherShapeThrowsNamingThePath(rule: Rule) throws {
    var optimizer = try rule.make(Double.self)
    var gate = Weights<Double>(weight: [1, 2])
    gate.weight.gradient = [0.5, -0.25, 1]
    let error = #expect(throws: GateKitError.self) { try optimizer.update(&gate) }
    guard case .shapeMismatch(let operation, _, let actual) = error else {
      Issue.record("expected shapeMismatch, got \(String(describing: error))")
      return
    }
    #expect(operation.hasSuffix("at weight"))
    #expect(actual == [3])
    #expect(gate.weight.value == [1, 2])
  }

  @Test(arguments: Rule.allCases)
  func updateDoesNotResetTheGradient(rule: Rule) throws {
    var optimizer = try rule.make(Double.self)
    var gate = Weights<Double>(weight: [1, 2], bias: 3)
    gate.weight.gradient = [0.5, -0.25]
    gate.bias?.gradient = 1
    try optimizer.update(&gate)
    try optimizer.update(&gate)
    #expect(gate.weight.gradient == [0.5, -0.25])
    #expect(gate.bias?.gradient == 1)
  }

  @Test(arguments: Rule.allCases)
  func floatStepsMatchDoubleSteps(rule: Rule) throws {
    var inFloat = try rule.make(Float.self)
    var inDouble = try rule.make(Double.self)
    let many = gradients + [0.75, -2.0, 0.125, 0.3, -0.6]
    let f = try trajectory(of: &inFloat, gradients: many)
    let d = try trajectory(of: &inDouble, gradients: many)
    // Float32 rounds each operation to 6e-8 relative; a step is about ten operations on
    // numbers below 2 and rounding errors add up over eight steps, so 1e-6 leaves room
    // for that while still catching any difference in the rule itself.
    expectWeights(f, d, within: 1e-6)
  }
}
