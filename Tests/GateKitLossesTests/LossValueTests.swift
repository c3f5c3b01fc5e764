import Foundation
import GateKit
import GateKitTestSupport
import Testing

@Suite("Loss values and their gradients at known points")
struct LossValueTests {
  @Test func squaredErrorReductionsAndScale() throws {
    let p = try Tensor<Double>(rows: [[1, 2], [3, 5]])
    let t = try Tensor<Double>(rows: [[0, 2], [1, 1]])  // residuals 1, 0, 2, 4: squares sum to 21
    var mean = MeanSquaredError<Double>()
    var sum = MeanSquaredError<Double>(reduction: .sum)
    var batch = MeanSquaredError<Double>(reduction: .batchMean)
    var half = try MeanSquaredError<Double>(reduction: .sum, scale: 0.5)
    #expect(try mean(p, t) == 21.0 / 4)
    #expect(try sum(p, t) == 21)
    #expect(try batch(p, t) == 21.0 / 2)  // ‖a − y‖²/N with N = 2 examples
    #expect(try half(p, t) == 10.5)  // ½Σ(y − y′)²
    // ½ convention: dC/dp is the residual itself.
    #expect(try half.backward() == Tensor(rows: [[1, 0], [2, 4]]))
    #expect(try mean.backward() == Tensor(rows: [[0.5, 0], [1, 2]]))  // 2r/4
    #expect(half.scale == 0.5 && half.reduction == .sum)
  }

  @Test func absoluteAndHuberErrors() throws {
    var l1 = MeanAbsoluteError<Double>()
    #expect(try l1([1, -2, 0], [0, 0, 0]) == 1)  // (1 + 2 + 0)/3
    #expect(try l1.backward() == [1.0 / 3, -1.0 / 3, 0])  // sign(r)/n, 0 at r = 0
    var huber = try HuberLoss<Double>(delta: 1)
    #expect(try huber([0.5, 3], [0, 0]) == (0.125 + 2.5) / 2)  // r²/2 inside δ, δ(|r| − δ/2) beyond
    #expect(try huber.backward() == [0.25, 0.5])  // clamp(r, −1, 1)/2
    #expect(huber.description == "HuberLoss(δ = 1.0, mean)")
  }

  /// S2's formula: L = −(y log a + (1 − y) log(1 − a)).
  @Test func binaryCrossEntropyIsTheLogisticLoss() throws {
    var loss = try BinaryCrossEntropy<Double>()
    let a: Tensor<Double> = [0.8, 0.3]
    let y: Tensor<Double> = [1, 0]
    let expected = -(log(0.8) + log(0.7)) / 2
    #expect(Swift.abs(try loss(a, y) - expected) < 1e-15)
    // da = (−y/a + (1 − y)/(1 − a))/n
    let da = try loss.backward()
    #expect(maxDifference(da, [-1 / 0.8 / 2, 1 / 0.7 / 2]) < 1e-15)
  }

  @Test func binaryCrossEntropyClampsProbabilitiesOfZeroAndOne() throws {
    var loss = try BinaryCrossEntropy<Double>()
    let value = try loss([0, 1], [1, 0])
    #expect(value.isFinite)
    #expect(Swift.abs(value + log(1e-7)) < 1e-9)  // −log ε per element
    let gradient = try loss.backward()
    #expect(gradient == [0, 0], "the clamp is active, so the gradient is 0")
  }

  @Test func crossEntropyWithLogitsEqualsTheProbabilityForm() throws {
    let z: Tensor<Double> = [2, -1, 0.5]
    let y: Tensor<Double> = [1, 0, 1]
    var logits = BinaryCrossEntropyWithLogits<Double>()
    var probabilities = try BinaryCrossEntropy<Double>()
    let viaLogits = try logits(z, y)
    let viaSigmoid = try probabilities(z.applying(.sigmoid), y)
    #expect(Swift.abs(viaLogits - viaSigmoid) < 1e-15)
    // dz = (σ(z) − y)/n: the course's dz = a − y.
    #expect(maxDifference(try logits.backward(), try (z.applying(.sigmoid) - y) / 3) < 1e-16)
  }

  @Test func softmaxCrossEntropyWithLabelsAndWithOneHotTargetsAgree() throws {
    let logits = try Tensor<Double>(rows: [[1, 2, 3], [0, 0, 0]])
    var withLabels = SoftmaxCrossEntropy<Double>()
    var withProbabilities = SoftmaxCrossEntropy<Double>()
    let labels = try withLabels(logits, [2, 0])
    let oneHot = try withProbabilities(logits, try Tensor(rows: [[0, 0, 1], [1, 0, 0]]))
    // −log softmax: row 1 −(3 − log(e + e² + e³)), row 2 log 3.
    let expected = ((log(exp(1.0) + exp(2.0) + exp(3.0)) - 3) + log(3.0)) / 2
    #expect(Swift.abs(labels - expected) < 1e-15)
    #expect(Swift.abs(oneHot - expected) < 1e-15)
    #expect(maxDifference(try withLabels.backward(), try withProbabilities.backward()) < 1e-16)
    // Each row of dz sums to 0 (softmax − onehot); tolerance: a few ulps of terms ≤ 1/2.
    let rowSums = try withLabels.backward().sum(toShape: [2, 1])
    #expect(rowSums.scalars.allSatisfy { Swift.abs($0) < 1e-15 })
  }

  @Test func softmaxCrossEntropyIsFiniteForExtremeLogits() throws {
    var loss = SoftmaxCrossEntropy<Float>()
    let logits = try Tensor<Float>(rows: [[1000, -1000, 0], [-50, 50, 50]])
    let value = try loss(logits, [1, 0])
    #expect(value.isFinite)
    #expect(Swift.abs(value - (2000 + (100 + Float(log(2.0)))) / 2) < 1e-2)
    #expect(try loss.backward().scalars.allSatisfy(\.isFinite))
    var logitsLoss = BinaryCrossEntropyWithLogits<Float>()
    #expect(try logitsLoss([1000, -1000, 50], [0, 1, 1]).isFinite)
    #expect(try logitsLoss.backward().scalars.allSatisfy(\.isFinite))
  }

  @Test func negativeLogLikelihoodPicksTheLabelledLogProbability() throws {
    var loss = NegativeLogLikelihood<Double>()
    let logP = try Tensor<Double>(rows: [[-0.1, -2.0], [-1.5, -0.3]])
    #expect(try loss(logP, [0, 1]) == (0.1 + 0.3) / 2)
    #expect(
      try loss.backward(upstream: 1) == [try Tensor(rows: [[-0.5, 0], [0, -0.5]]), [0, 0]])
    var summed = NegativeLogLikelihood<Double>(reduction: .sum)
    #expect(try summed(logP, [1, 1]) == 2.3)
  }

  @Test func invalidInputsThrowNamingTheLoss() throws {
    var mse = MeanSquaredError<Double>()
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "MeanSquaredError(mean)", expected: "a target of the prediction's shape [2]",
        actual: [3])
    ) {
      try mse([1, 2], [1, 2, 3])
    }
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "MeanSquaredError(mean)", reason: "empty batch (prediction of shape [0, 2])")
    ) {
      try mse(try Tensor(zeros: [0, 2]), try Tensor(zeros: [0, 2]))
    }
    var cross = SoftmaxCrossEntropy<Double>()
    let logits = try Tensor<Double>(zeros: [2, 3])
    #expect(
      throws: GateKitError.invalidArgument(
        operation: "SoftmaxCrossEntropy(mean)",
        reason: "label 3.0 of example 1 is not a class index in 0..<3")
    ) {
      try cross(logits, [0, 3])
    }
    #expect(throws: GateKitError.self) { try cross(logits, [0, 1.5]) }
    #expect(throws: GateKitError.self) { try cross(logits, [0, -1]) }
    #expect(throws: GateKitError.self) { try cross(logits, [0, 1, 2]) }
    #expect(throws: GateKitError.self) { try cross([1, 2, 3], [0]) }
    var nll = NegativeLogLikelihood<Double>()
    #expect(throws: GateKitError.backwardBeforeForward(gate: "NegativeLogLikelihood(mean)")) {
      try nll.backward()
    }
    #expect(throws: GateKitError.self) { try HuberLoss<Double>(delta: 0) }
    #expect(throws: GateKitError.self) { try BinaryCrossEntropy<Double>(epsilon: 0.5) }
  }

  @Test func descriptionsNameTheReduction() throws {
    #expect(MeanSquaredError<Float>().description == "MeanSquaredError(mean)")
    #expect(SoftmaxCrossEntropy<Float>(reduction: .sum).description == "SoftmaxCrossEntropy(sum)")
    #expect(try BinaryCrossEntropy<Float>().acceptedInputCounts == 2...2)
  }
}
