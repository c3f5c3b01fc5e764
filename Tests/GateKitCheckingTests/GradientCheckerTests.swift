import Foundation
import GateKit
import GateKitTestSupport
import Testing

@Suite("The gradient checker")
struct GradientCheckerTests {
  private let x: Tensor<Double>

  init() throws {
    x = try Tensor(rows: [[0.5, -1.2, 2.0], [0.3, 0.8, -0.4]])
  }

  @Test func errorIsRelativeAboveOneAndAbsoluteBelow() {
    #expect(GradientChecker.error(analytic: 100, numeric: 101) == 1.0 / 101)
    #expect(GradientChecker.error(analytic: 1e-9, numeric: 2e-9) == 1e-9)
    #expect(GradientChecker.error(analytic: 0, numeric: 0) == 0)
    #expect(GradientChecker.error(analytic: .nan, numeric: 1).isNaN)
  }

  @Test func aCorrectGatePassesWithTheDocumentedDefaults() throws {
    let checker = GradientChecker()
    #expect(checker.step == 1e-5 && checker.tolerance == 1e-7)
    let report = try checker.check(Sigmoid<Double>(), inputs: [x])
    #expect(report.passed)
    #expect(report.subject == "Sigmoid")
    #expect(report.scalarType == "Double")
    #expect(report.entries.count == 1)
    #expect(report.entries[0].kind == .input && report.entries[0].name == "input 0")
    #expect(report.entries[0].shape == [2, 3])
    #expect(report.maxError < 1e-7)
  }

  @Test func aMissingFactorIsCaughtAndLocated() throws {
    let report = try GradientChecker().check(SigmoidMissingFactor(), inputs: [x])
    #expect(!report.passed)
    #expect(report.failures.map(\.name) == ["input 0"])
    let entry = report.entries[0]
    // The analytic value at the worst element must be the wrong one: y·u instead of y(1−y)·u.
    #expect(Swift.abs(entry.analytic - entry.numeric) > 1e-3)
    #expect(entry.worstIndex.count == 2)
    #expect(report.table.contains("FAIL"))
  }

  @Test func aWrongParameterGradientIsBlamedOnThatParameterOnly() throws {
    var generator = SeededGenerator(seed: 1)
    let gate = DenseWithWrongWeightSign(inner: try Dense(3, 2, using: &generator))
    let report = try GradientChecker().check(gate, inputs: [x])
    #expect(report.failures.map(\.name) == ["weight"])
    #expect(report.entries.map(\.kind) == [.input, .parameter, .parameter])
  }

  @Test func ignoringTheUpstreamGradientIsCaught() throws {
    let report = try GradientChecker().check(
      MultiplyIgnoringUpstream(), inputs: [x, x.map { $0 + 1 }], inputNames: ["a", "b"])
    #expect(report.failures.map(\.name) == ["a", "b"])
  }

  @Test func gradientsOfTheWrongShapeFailAndSaySo() throws {
    let report = try GradientChecker().check(WrongShapeGradient(), inputs: [x])
    #expect(!report.passed)
    #expect(report.failures.count == 1)
    #expect(report.failures[0].problem == "gradient of shape [] for a value of shape [2, 3]")
    #expect(report.diagnosis.hasPrefix("WrongShapeGradient input 0: gradient of shape []"))
  }

  @Test func aParameterGradientOfTheWrongShapeFailsAndSaysSo() throws {
    let report = try GradientChecker().check(WrongShapeParameterGradient(), inputs: [x])
    #expect(report.failures.map(\.name) == ["weight"])
    #expect(report.failures[0].problem == "gradient of shape [] for a value of shape [2]")
    #expect(report.blamedGates == ["WrongShapeParameterGradient"])
  }

  /// Log at −1 is NaN: no finite difference resolves a derivative there, so the element is
  /// inconclusive (neither a pass nor a failure) and says why; the element at 2 passes.
  @Test func aFunctionThatIsNotFiniteIsInconclusive() throws {
    let report = try GradientChecker().check(Log<Double>(), inputs: [[-1, 2]])
    #expect(!report.passed)
    #expect(report.status == .inconclusive)
    let elements = report.entries[0].elements
    #expect(elements.map(\.status) == [.inconclusive, .passed])
    #expect(elements[0].reason?.contains("not finite") == true, "\(report)")
    #expect(report.blame.map(\.status) == [.inconclusive] && report.blamedGates.isEmpty)
    #expect(report.maxError < 1e-7)  // only the decided element counts
  }

  @Test func theCheckedGateIsNotModified() throws {
    var generator = SeededGenerator(seed: 2)
    let dense = try Dense<Double>(3, 2, using: &generator)
    _ = try GradientChecker().check(dense, inputs: [x])
    #expect(dense.weight.gradient == (try Tensor(zeros: [3, 2])))
  }

  @Test func reportsRoundTripThroughJSON() throws {
    let report = try GradientChecker().check(Tanh<Double>(), inputs: [x])
    let data = try JSONEncoder().encode(report)
    let decoded = try JSONDecoder().decode(GradientCheckReport.self, from: data)
    #expect(decoded.entries.map(\.maxError) == report.entries.map(\.maxError))
    #expect(decoded.subject == report.subject && decoded.passed)
    let json = String(decoding: data, as: UTF8.self)
    #expect(json.contains("\"maxError\"") && json.contains("\"worstIndex\""))
  }

  @Test func theTableListsEveryEntry() throws {
    var generator = SeededGenerator(seed: 3)
    let report = try GradientChecker().check(
      try Dense<Double>(3, 2, using: &generator), inputs: [x])
    let lines = report.table.split(separator: "\n")
    #expect(lines.count == 2 + 1 + 3)  // title, header, rule, three rows
    #expect(lines[0].hasPrefix("Gradient check (full) of Dense(3 → 2) in Double: passed"))
    #expect(lines.filter { $0.hasSuffix("pass") }.count == 3)
  }
}

/// A layer run whole: the checker knows nothing of what it wraps.
private struct Opaque: Layer {
  var inner: any Layer<Double>
  var description: String { inner.description }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input)
  }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try inner.backward(upstream)
  }
  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters(visit)
  }
}

@Suite("Probe shortcuts")
struct ProbeShortcutTests {
  /// Element-wise gates recompute only the changed elements and dense layers only the
  /// changed column at a probe of one weight: the numbers must be those of whole forward
  /// passes, bit for bit (the same model with every layer wrapped so that it runs whole).
  @Test func shortcutsGiveTheBitsOfWholeForwardPasses() throws {
    var generator = SeededGenerator(seed: 4)
    let layers: [any Layer<Double>] = [
      try Dense(6, 7, biasInitializer: .normal(), using: &generator), Tanh(),
      try Dense(7, 3, using: &generator), ReLU(), try Scale(0.5),
    ]
    let x = try Tensor<Double>.normal(shape: [5, 6], using: &generator)
    let fast = try GradientChecker().check(Sequential(layers), inputs: [x])
    let whole = try GradientChecker().check(
      Sequential(layers.map { Opaque(inner: $0) }), inputs: [x])
    #expect(fast.passed && whole.passed)
    let bits = { (report: GradientCheckReport) in
      report.entries.flatMap(\.elements).map { [$0.numeric.bitPattern, $0.step.bitPattern] }
    }
    #expect(bits(fast) == bits(whole))
  }
}
