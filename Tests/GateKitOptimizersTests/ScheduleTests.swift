import GateKit
import Testing

/// The learning-rate schedules' values at given steps, for a base rate η = 0.1.
///
/// Tolerance 1e-16 on rates ≤ 0.1: the formulas are a handful of roundings (a power, a
/// cosine, a product), a few ulps of 0.1 (1.4e-17 each).
@Suite("Learning-rate schedules give the published rates")
struct ScheduleTests {
  @Test(arguments: [
    (0, 0.1), (1, 0.1), (2, 0.1),  // ⌊t/3⌋ = 0: η
    (3, 0.05), (5, 0.05),  // ⌊t/3⌋ = 1: η·0.5
    (6, 0.025),  // η·0.5²
    (9, 0.0125),  // η·0.5³
    (-1, 0.1),  // negative steps are treated as step 0
  ])
  func stepDecayMultipliesByGammaEveryStepSizeSteps(step: Int, rate: Double) throws {
    let schedule = try StepDecay(stepSize: 3, gamma: 0.5)
    #expect(Swift.abs(schedule.learningRate(atStep: step, baseRate: 0.1) - rate) < 1e-16)
  }

  @Test func stepDecayDefaultsToGammaOneTenth() throws {
    let schedule = try StepDecay(stepSize: 10)
    #expect(schedule.gamma == 0.1)
    // η·0.1^⌊25/10⌋ = 0.1·0.01 = 0.001
    #expect(Swift.abs(schedule.learningRate(atStep: 25, baseRate: 0.1) - 0.001) < 1e-16)
  }

  @Test(arguments: [
    (0, 0.1),  // η·0.9⁰
    (1, 0.09),  // η·0.9
    (2, 0.081),  // η·0.9²
    (10, 0.034_867_844_01),  // η·0.9¹⁰ = 0.1·0.3486784401
    (-3, 0.1),  // negative steps are treated as step 0
  ])
  func exponentialDecayMultipliesByGammaEveryStep(step: Int, rate: Double) throws {
    let schedule = try ExponentialDecay(gamma: 0.9)
    #expect(Swift.abs(schedule.learningRate(atStep: step, baseRate: 0.1) - rate) < 1e-16)
  }

  /// T = 10, w = 2, η_min = 0.01: warm-up η·(t + 1)/w, then
  /// η_min + (η − η_min)·(1 + cos(π(t − w)/(T − w)))/2, then η_min from T on.
  @Test(arguments: [
    (0, 0.05),  // warm-up: 0.1·1/2
    (1, 0.1),  // warm-up: 0.1·2/2
    (2, 0.1),  // cos(0) = 1: η
    (4, 0.086_819_805_153_394_638_6),  // 0.01 + 0.09·(1 + cos(π/4))/2
    (6, 0.055),  // midpoint, cos(π/2) = 0: (η + η_min)/2
    (8, 0.023_180_194_846_605_361_4),  // 0.01 + 0.09·(1 + cos(3π/4))/2
    (9, 0.013_425_421_036_992_096),  // 0.01 + 0.09·(1 + cos(7π/8))/2
    (10, 0.01),  // t = T: η_min
    (1000, 0.01),  // beyond the end: η_min
  ])
  func cosineDecayWarmsUpThenAnneals(step: Int, rate: Double) throws {
    let schedule = try CosineDecay(totalSteps: 10, warmupSteps: 2, minimumRate: 0.01)
    #expect(Swift.abs(schedule.learningRate(atStep: step, baseRate: 0.1) - rate) < 1e-16)
  }

  @Test func cosineDecayWithoutWarmUpStartsAtTheBaseRateAndEndsAtZero() throws {
    let schedule = try CosineDecay(totalSteps: 4)
    #expect(schedule.learningRate(atStep: 0, baseRate: 0.1) == 0.1)  // cos(0) = 1, exact
    // Midpoint t = 2: 0.1·(1 + cos(π/2))/2 = 0.05 (cos(π/2) rounds to 6e-17, harmless).
    #expect(Swift.abs(schedule.learningRate(atStep: 2, baseRate: 0.1) - 0.05) < 1e-16)
    #expect(schedule.learningRate(atStep: 4, baseRate: 0.1) == 0)
    #expect(schedule.learningRate(atStep: 7, baseRate: 0.1) == 0)
  }

  @Test func aScheduleDrivesTheOptimizerBetweenSteps() throws {
    let schedule = try StepDecay(stepSize: 1, gamma: 0.5)
    var sgd = try SGD<Double>(learningRate: 0.1)
    var gate = Weights<Double>(1)
    for (t, g) in gradients.enumerated() {
      sgd.learningRate = schedule.learningRate(atStep: t, baseRate: 0.1)
      gate.weight.gradient = Tensor(g)
      try sgd.update(&gate)
    }
    // w = 1 − 0.1·0.5 + 0.05·0.25 − 0.025·1 = 0.9375; 1e-15: a few ulps.
    #expect(Swift.abs(try #require(gate.weight.value.scalars.first) - 0.9375) < 1e-15)
  }

  @Test func invalidScheduleSettingsThrow() {
    for stepSize in [0, -1] {
      #expect(throws: GateKitError.self) { try StepDecay(stepSize: stepSize) }
    }
    for gamma in [0, -0.5, 1.5, .nan, .infinity] {
      #expect(throws: GateKitError.self, "γ = \(gamma)") {
        try StepDecay(stepSize: 1, gamma: gamma)
      }
      #expect(throws: GateKitError.self, "γ = \(gamma)") { try ExponentialDecay(gamma: gamma) }
    }
    #expect(throws: GateKitError.self) { try CosineDecay(totalSteps: 5, warmupSteps: 5) }
    #expect(throws: GateKitError.self) { try CosineDecay(totalSteps: 5, warmupSteps: 6) }
    #expect(throws: GateKitError.self) { try CosineDecay(totalSteps: 5, warmupSteps: -1) }
    #expect(throws: GateKitError.self) { try CosineDecay(totalSteps: 0) }
    for minimum in [-0.1, .nan, .infinity] {
      #expect(throws: GateKitError.self, "η_min = \(minimum)") {
        try CosineDecay(totalSteps: 5, minimumRate: minimum)
      }
    }
  }

  @Test func gammaOfOneKeepsTheRateConstant() throws {
    let stepDecay = try StepDecay(stepSize: 2, gamma: 1)
    let exponential = try ExponentialDecay(gamma: 1)
    for t in [0, 1, 7, 100] {
      #expect(stepDecay.learningRate(atStep: t, baseRate: 0.1) == 0.1)  // 1ⁿ = 1 exactly
      #expect(exponential.learningRate(atStep: t, baseRate: 0.1) == 0.1)
    }
  }
}
