import GateKit

/// SEEDS S3: a sigmoid network with the cost `C = ½‖y − a‖²`, whose backward pass is the
/// delta recursion `δ_L = (a_L − y) ⊙ σ′`, `δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ σ′`, with
/// `σ′ = a(1 − a)`.
public enum S3DeltaRecursion {
  /// Runs the story on a 3-4-3-2 sigmoid network: the recursion written out by hand, the
  /// gates' backward pass and the gradient checker agree.
  ///
  /// - Returns: The result, with `recursion_difference` and `check_max_error`.
  /// - Throws: A ``GateKitError`` if a gate fails.
  public static func run() throws -> StoryResult {
    var generator = SeededGenerator(seed: 3)
    let sizes = [3, 4, 3, 2]
    var model = try Sequential<Double> {
      for (input, output) in zip(sizes, sizes.dropFirst()) {
        try Dense(input, output, biasInitializer: .normal(), using: &generator)
        Sigmoid()
      }
    }
    let x = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let y = try Tensor<Double>.uniform(shape: [5, 2], using: &generator)
    var cost = try MeanSquaredError<Double>(reduction: .sum, scale: 0.5)

    // The gates' backward pass.
    _ = try cost(model.forward(x), y)
    _ = try model.backward(try cost.backward())

    // The recursion by hand: keep every activation, then walk the deltas back.
    let weights = try (0..<3).map { try model.parameter(at: "layers.\(2 * $0).weight").value }
    let biases = try (0..<3).map { try model.parameter(at: "layers.\(2 * $0).bias").value }
    var activations = [x]
    for (w, b) in zip(weights, biases) {
      activations.append(try (matmul(activations.last ?? x, w) + b).applying(.sigmoid))
    }
    func sigmaPrime(_ a: Tensor<Double>) throws -> Tensor<Double> { try a * (1 - a) }
    var delta = try (activations[3] - y) * sigmaPrime(activations[3])  // δ_L = (a − y) ⊙ σ′
    var difference = 0.0
    for layer in stride(from: 2, through: 0, by: -1) {
      let dw = try matmul(activations[layer], delta, transposingA: true)  // a_{l−1}ᵀ δ_l
      let db = try delta.sum(toShape: [delta.shape[1]])
      let gates = try model.parameter(at: "layers.\(2 * layer).weight").gradient
      let gatesBias = try model.parameter(at: "layers.\(2 * layer).bias").gradient
      difference = max(difference, largestDifference(dw, gates), largestDifference(db, gatesBias))
      if layer > 0 {
        // δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ σ′(a_l)
        delta =
          try matmul(delta, weights[layer], transposingB: true) * sigmaPrime(activations[layer])
      }
    }

    // The checker on the whole circuit, cost included.
    let circuit = try Graph<Double>(inputs: "x", "y", outputs: "C") {
      GraphNode("a", SingleInputLayer(model), inputs: "x")
      GraphNode("C", try MeanSquaredError<Double>(reduction: .sum, scale: 0.5), inputs: "a", "y")
    }
    let report = try GradientChecker().check(circuit, inputs: [x, y], inputNames: ["x", "y"])
    return StoryResult(
      id: "s3", title: "the delta recursion of a sigmoid network with ½ squared error",
      numbers: [("recursion_difference", difference), ("check_max_error", report.maxError)],
      lines: [
        "hand-written recursion vs the gates' backward pass: max |Δ| = \(difference)",
        "gradient checker on network + cost: \(report.passed ? "passed" : "FAILED"), max error \(report.maxError)",
      ],
      passed: difference < 1e-12 && report.passed)
  }
}

/// The largest absolute difference between two tensors of the same shape (infinity if the
/// shapes differ).
func largestDifference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
  guard a.shape == b.shape else { return .infinity }
  return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
