import GateKit
import Testing

/// Inputs placed exactly at kinks give no false failures; elements at a kink are flagged.
@Suite("Kinks: subgradient checks")
struct KinkTests {
  private let x: Tensor<Double>

  init() throws {
    x = try Tensor(rows: [[0, 1.5, -0.7], [0, 0, 2]])  // three exact zeros
  }

  @Test func reluAndLeakyReLUAtZeroPass() throws {
    for gate in [
      ReLU<Double>() as any Gate<Double>, try LeakyReLU<Double>(slope: 0.1), Abs<Double>(),
    ] {
      let report = try GradientChecker().check(gate, inputs: [x])
      #expect(report.passed)
      let flagged = report.entries[0].elements.filter(\.atKink).map(\.index)
      #expect(flagged == [[0, 0], [1, 0], [1, 1]], "\(gate)")
    }
  }

  @Test func exactTiesInMaxPass() throws {
    let a = try Tensor<Double>(rows: [[1, 2], [3, -4]])
    for inputs in [[a, a], [a, a.map { $0 + 1 }, a.map { $0 + 1 }], [a, Tensor<Double>(2)]] {
      let report = try GradientChecker().check(Max<Double>(), inputs: inputs)
      #expect(report.passed)
      #expect(report.entries.contains { $0.kinkCount > 0 })
    }
  }

  /// Inside a composition: a Dense layer with zero weights and bias puts every ReLU input
  /// at exactly 0.
  @Test func kinksInsideACompositionPass() throws {
    var first = try Dense<Double>(weight: Tensor(zeros: [3, 4]), bias: Tensor(zeros: [4]))
    first.bias.value = try Tensor(zeros: [4])
    var generator = SeededGenerator(seed: 3)
    let model = Sequential<Double>([
      first, ReLU(), try Dense(4, 2, using: &generator), Sigmoid(),
    ])
    let input = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let report = try GradientChecker().check(model, inputs: [input])
    #expect(report.passed)
    #expect(report.entries.contains { $0.kinkCount > 0 })
    // Deferred elements are settled by the gates inside and do not count in maxError.
    #expect(report.entries.contains { $0.deferredCount > 0 })
    #expect(report.maxError <= report.tolerance, "\(report.maxError)")
    let fast = try GradientChecker(mode: .fast).check(model, inputs: [input])
    #expect(fast.passed)
  }

  /// Without the declaration the same points fail: the kink handling is what prevents the
  /// false alarms.
  @Test func anUndeclaredKinkWouldFail() throws {
    let report = try GradientChecker().check(UndeclaredReLU(), inputs: [x])
    #expect(!report.passed)
    #expect(
      report.entries[0].elements.filter { !$0.passed }.map(\.index) == [[0, 0], [1, 0], [1, 1]])
  }

  @Test func aKinkElementFailsOutsideItsInterval() throws {
    let report = try GradientChecker().check(ReLUWithWrongSubgradient(), inputs: [x])
    let failing = report.entries[0].elements.filter { !$0.passed }
    #expect(failing.count == 3)
    #expect(
      failing.allSatisfy {
        $0.atKink && !$0.deferred
          && ($0.analytic < $0.interval![0] || $0.analytic > $0.interval![1])
      })
    #expect(report.table.contains("(kink: accepted ["))
  }
}

/// ReLU without a kink declaration.
private struct UndeclaredReLU: Layer {
  private var input: Tensor<Double>?
  var description: String { "UndeclaredReLU" }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    self.input = input
    return input.map { Swift.max($0, 0) }
  }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(input).map { $0 > 0 ? 1 : 0 }
  }
}
