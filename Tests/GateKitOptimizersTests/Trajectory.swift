import GateKit
import Testing

/// The gradient sequence of the hand-computed tests: g₁ = 0.5, g₂ = −0.25, g₃ = 1.
let gradients = [0.5, -0.25, 1.0]

/// Steps `optimizer` once per gradient on a scalar weight that starts at `start`, writing
/// the gradient into the weight before each step, and returns the weight after each step.
///
/// - Parameters:
///   - optimizer: The optimizer; its state advances by one step per gradient.
///   - gradients: The gradient of each step.
///   - start: `w₀`.
/// - Returns: `[w₁, w₂, …]`, in `Double`.
/// - Throws: What the optimizer throws.
func trajectory<Scalar: TensorScalar>(
  of optimizer: inout some Optimizer<Scalar>, gradients: [Double], from start: Double = 1
) throws -> [Double] {
  var gate = Weights<Scalar>(start)
  return try trajectory(of: &optimizer, on: &gate, gradients: gradients)
}

/// Steps `optimizer` once per gradient on `gate`'s scalar weight and returns the weight
/// after each step.
///
/// - Parameters:
///   - optimizer: The optimizer.
///   - gate: A gate with a scalar weight; its weight and gradient are left as the last step
///     left them.
///   - gradients: The gradient of each step.
/// - Returns: `[w₁, w₂, …]`, in `Double`.
/// - Throws: What the optimizer throws.
func trajectory<Scalar: TensorScalar>(
  of optimizer: inout some Optimizer<Scalar>, on gate: inout Weights<Scalar>,
  gradients: [Double]
) throws -> [Double] {
  var weights: [Double] = []
  for g in gradients {
    gate.weight.gradient = Tensor(Scalar(g))
    try optimizer.update(&gate)
    weights.append(try #require(gate.weight.value.scalars.first).doubleValue)
  }
  return weights
}

/// Expects `actual[i]` within `tolerance` of `expected[i]` for every step, naming the
/// step that fails.
///
/// - Parameters:
///   - actual: The weights the optimizer produced.
///   - expected: The hand-computed weights.
///   - tolerance: The largest absolute difference allowed.
///   - sourceLocation: Where to report a failure.
func expectWeights(
  _ actual: [Double], _ expected: [Double], within tolerance: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  for (step, (a, e)) in zip(actual, expected).enumerated() {
    #expect(
      Swift.abs(a - e) <= tolerance, "w\(step + 1) = \(a), expected \(e) ± \(tolerance)",
      sourceLocation: sourceLocation)
  }
}
