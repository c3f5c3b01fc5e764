import GateKit
import Testing

/// SGD against PyTorch's published update, computed by hand for w₀ = 1, η = 0.1 and the
/// gradients g₁ = 0.5, g₂ = −0.25, g₃ = 1:
///
/// ```
/// g ← ∇w + λw;  b ← g (t = 1), b ← μb + (1 − τ)g (t > 1);
/// g ← g + μb (Nesterov) or g ← b (momentum);  w ← w − ηg
/// ```
///
/// Tolerance 1e-15: each step is two or three roundings of numbers below 2, so the result
/// is within a few ulps (2.2e-16) of the exact value.
@Suite("SGD follows the published update equations")
struct SGDTests {
  @Test func plainSGDStepsAgainstTheGradient() throws {
    var sgd = try SGD<Double>(learningRate: 0.1)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        0.95,  // w₁ = 1 − 0.1·0.5
        0.975,  // w₂ = 0.95 − 0.1·(−0.25)
        0.875,  // w₃ = 0.975 − 0.1·1
      ], within: 1e-15)
  }

  @Test func momentumStartsFromTheFirstGradientAndThenAccumulates() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, momentum: 0.9)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        0.95,  // b₁ = g₁ = 0.5; w₁ = 1 − 0.1·0.5
        0.93,  // b₂ = 0.9·0.5 + (−0.25) = 0.2; w₂ = 0.95 − 0.1·0.2
        0.812,  // b₃ = 0.9·0.2 + 1 = 1.18; w₃ = 0.93 − 0.1·1.18
      ], within: 1e-15)
    // The buffer b₃ = 1.18 is stored; 1e-15 covers its few roundings.
    let buffer = try #require(sgd.state.tensors["weight.momentum"]?.scalars.first)
    #expect(Swift.abs(buffer - 1.18) < 1e-15)
  }

  @Test func dampeningScalesNewGradientsButNotTheFirst() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, momentum: 0.9, dampening: 0.5)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        0.95,  // b₁ = g₁ = 0.5 (no dampening at t = 1); w₁ = 1 − 0.1·0.5
        0.9175,  // b₂ = 0.9·0.5 + 0.5·(−0.25) = 0.325; w₂ = 0.95 − 0.1·0.325
        0.83825,  // b₃ = 0.9·0.325 + 0.5·1 = 0.7925; w₃ = 0.9175 − 0.1·0.7925
      ], within: 1e-15)
  }

  @Test func nesterovLooksAheadAlongTheMomentum() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        0.905,  // b₁ = 0.5; g = 0.5 + 0.9·0.5 = 0.95; w₁ = 1 − 0.1·0.95
        0.912,  // b₂ = 0.2; g = −0.25 + 0.9·0.2 = −0.07; w₂ = 0.905 + 0.1·0.07
        0.7058,  // b₃ = 1.18; g = 1 + 0.9·1.18 = 2.062; w₃ = 0.912 − 0.1·2.062
      ], within: 1e-15)
  }

  @Test func weightDecayAddsLambdaTimesTheWeightToTheGradient() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, weightDecay: 0.1)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        0.94,  // g = 0.5 + 0.1·1 = 0.6; w₁ = 1 − 0.1·0.6
        0.9556,  // g = −0.25 + 0.1·0.94 = −0.156; w₂ = 0.94 + 0.1·0.156
        0.846044,  // g = 1 + 0.1·0.9556 = 1.09556; w₃ = 0.9556 − 0.1·1.09556
      ], within: 1e-15)
  }

  @Test func weightDecayEntersTheMomentumBuffer() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
    let w = try trajectory(of: &sgd, gradients: gradients)
    expectWeights(
      w,
      [
        // g = 0.5 + 0.1·1 = 0.6; b₁ = 0.6; w₁ = 1 − 0.1·0.6
        0.94,
        // g = −0.25 + 0.1·0.94 = −0.156; b₂ = 0.9·0.6 − 0.156 = 0.384; w₂ = 0.94 − 0.1·0.384
        0.9016,
        // g = 1 + 0.1·0.9016 = 1.09016; b₃ = 0.9·0.384 + 1.09016 = 1.43576;
        // w₃ = 0.9016 − 0.1·1.43576
        0.758024,
      ], within: 1e-15)
  }

  @Test func updatesEveryElementOfAVectorParameter() throws {
    var sgd = try SGD<Double>(learningRate: 0.5)
    var gate = Weights<Double>(weight: [1, -2, 3])
    gate.weight.gradient = [2, 0, -4]
    try sgd.update(&gate)
    // w ← w − 0.5·g = [1 − 1, −2 − 0, 3 + 2]; exact in binary, so tolerance 0.
    #expect(gate.weight.value == [0, -2, 5])
  }

  @Test func zeroLearningRateLeavesTheWeightUnchanged() throws {
    var sgd = try SGD<Double>(learningRate: 0)
    let w = try trajectory(of: &sgd, gradients: gradients)
    #expect(w == [1, 1, 1])  // w − 0·g = w exactly
  }
}
