import GateKit
import GateKitTestSupport
import Testing

/// Every loss gradient-checked in Double, at random points and at extreme logits.
///
/// Tolerance: the checker's default, 1e-7 on `|a − n| / max(|a|, |n|, 1)` with centered
/// differences of step 1e-5·max(1, |x|).
@Suite("Every loss passes the gradient checker")
struct LossGradientTests {
  enum Case: String, CaseIterable, CustomTestStringConvertible {
    case meanSquared, halfSquaredSum, batchMeanSquared, absolute, huber, binaryCrossEntropy
    case binaryCrossEntropyWithLogits, softmaxLabels, softmaxProbabilities, negativeLogLikelihood
    var testDescription: String { rawValue }
  }

  /// The loss (as a gate of prediction and target, or with a fixed label target) and its
  /// inputs.
  static func make(_ testCase: Case, seed: UInt64, scale: Double = 1) throws -> (
    any Gate<Double>, [Tensor<Double>]
  ) {
    var generator = SeededGenerator(seed: seed)
    let prediction = try Tensor<Double>.normal(
      shape: [4, 3], standardDeviation: scale, using: &generator)
    let target = try Tensor<Double>.normal(shape: [4, 3], using: &generator)
    let probabilities = try Tensor<Double>.uniform(
      shape: [4, 3], low: 0.05, high: 0.95, using: &generator)
    let bits = try Tensor<Double>.uniform(shape: [4, 3], using: &generator).map { $0 < 0.5 ? 0 : 1 }
    let labels: Tensor<Double> = [2, 0, 1, 2]
    switch testCase {
    case .meanSquared: return (MeanSquaredError<Double>(), [prediction, target])
    case .halfSquaredSum:
      return (try MeanSquaredError<Double>(reduction: .sum, scale: 0.5), [prediction, target])
    case .batchMeanSquared:
      return (MeanSquaredError<Double>(reduction: .batchMean), [prediction, target])
    case .absolute: return (MeanAbsoluteError<Double>(), [prediction, target])
    case .huber: return (try HuberLoss<Double>(delta: 0.7), [prediction, target])
    case .binaryCrossEntropy: return (try BinaryCrossEntropy<Double>(), [probabilities, bits])
    case .binaryCrossEntropyWithLogits:
      return (BinaryCrossEntropyWithLogits<Double>(), [prediction, bits])
    case .softmaxLabels:
      return (FixedTarget(loss: SoftmaxCrossEntropy<Double>(), target: labels), [prediction])
    case .softmaxProbabilities:
      let soft = try probabilities / probabilities.sum(toShape: [4, 1])
      return (SoftmaxCrossEntropy<Double>(), [prediction, soft])
    case .negativeLogLikelihood:
      return (
        FixedTarget(loss: NegativeLogLikelihood<Double>(), target: labels),
        [try prediction.logSoftmaxRows()]
      )
    }
  }

  @Test(arguments: Case.allCases, [1, 2, 3] as [UInt64])
  func gradientsMatchFiniteDifferences(testCase: Case, seed: UInt64) throws {
    let (loss, inputs) = try Self.make(testCase, seed: seed)
    let report = try GradientChecker(seed: seed).check(loss, inputs: inputs)
    #expect(report.passed, "\(report.table)")
  }

  /// Logits of magnitude ~50, where e^z overflows Float and naive formulas lose all
  /// precision.
  @Test(arguments: [Case.binaryCrossEntropyWithLogits, .softmaxLabels, .softmaxProbabilities])
  func gradientsMatchAtExtremeLogits(testCase: Case) throws {
    let (loss, inputs) = try Self.make(testCase, seed: 7, scale: 50)
    #expect(inputs[0].scalars.contains { Swift.abs($0) > 40 })
    let report = try GradientChecker(seed: 7).check(loss, inputs: inputs)
    #expect(report.passed, "\(report.table)")
  }
}
