import GateKit
import Testing

/// Every bug class the checker promises to catch, with a deliberately wrong gate caught
/// alone and blamed by its path in each composition of ``Compositions`` while its
/// neighbours pass, and a correct control that passes everywhere.
@Suite("Blame lands on the faulty gate")
struct BlameTests {
  /// Wrong single-input layers and their correct controls.
  static func layers() throws -> [(wrong: any Layer<Double>, control: any Layer<Double>)] {
    [
      (TanhWithNaNGradient(), Tanh()),
      (TinyScaleWithWrongSign(), try Scale(1e-8)),
      (SigmoidDeclaringKinks(error: 1e-6), SigmoidDeclaringKinks()),
      (SigmoidMissingFactor(), Sigmoid()),
    ]
  }

  @Test(arguments: 0..<4)
  func aWrongLayerIsBlamedAloneAndInEveryComposition(_ index: Int) throws {
    #expect(try Self.layers().count == 4)
    let (wrong, control) = try Self.layers()[index]
    let x = try Compositions.input()
    let alone = try GradientChecker().check(wrong, inputs: [x])
    Compositions.expectBlamed(alone, path: "", gate: wrong.description)
    #expect(try GradientChecker().check(control, inputs: [x]).passed)
    for placement in try Compositions.around(wrong) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      Compositions.expectBlamed(report, path: placement.path, gate: wrong.description)
      // What a failing test prints: the table, the blamed path and the diagnosis.
      let owner = "\(placement.path) (\(wrong.description))"
      #expect("\(report)".contains("Blame: \(owner)") && "\(report)".contains(report.diagnosis))
      #expect(report.diagnosis.hasPrefix(owner), "\(report.diagnosis)")
    }
    for placement in try Compositions.around(control) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      #expect(report.passed, "\(placement): \(report)")
    }
  }

  /// A NaN from one gate's backward reaches the gate before it as its upstream gradient;
  /// that gate is checked with a random upstream instead, says so, and is not blamed.
  @Test func aNonFiniteGradientIsBlamedOnItsGateAlone() throws {
    let x = try Compositions.input()
    let placement = try Compositions.around(TanhWithNaNGradient())[0]
    let report = try GradientChecker().check(placement.model, inputs: [x])
    #expect(report.blame.count == 1 && report.blame[0].path == "layers.2", "\(report)")
    #expect(report.diagnosis.contains("the analytic derivative is nan"), "\(report.diagnosis)")
    #expect(report.notes.contains { $0.hasPrefix("layers.1 (Tanh) received a non-finite") })
  }

  /// A max that gives a tie's gradient to both inputs: caught alone at exact ties (each
  /// tied input alone lies in its interval; the joint move shows the sum is 2·dy) and in
  /// compositions that feed it a value and an exact copy; `Max` passes the same places.
  @Test func aTieRoutedToEveryWinnerIsCaughtByTheJointProbe() throws {
    let a = try Compositions.input([3, 4])
    let alone = try GradientChecker().check(MaxRoutingToAllWinners(), inputs: [a, a])
    Compositions.expectBlamed(alone, path: "", gate: "MaxRoutingToAllWinners")
    let elementwise = alone.entries.filter { $0.kind == .input }
    #expect(elementwise.count == 2 && elementwise.allSatisfy { $0.passed && $0.kinkCount == 12 })
    let tie = try #require(alone.entries.first { $0.kind == .tie })
    #expect(tie.name == "input 0 + input 1" && tie.elements.count == 12 && !tie.passed)
    #expect(alone.blame[0].tensor == "input 0 + input 1")

    let control = try GradientChecker().check(Max<Double>(), inputs: [a, a])
    #expect(control.passed)
    #expect(control.entries.contains { $0.kind == .tie && $0.elements.count == 12 })

    let x = try Compositions.input()
    for placement in try Compositions.around(pair: MaxRoutingToAllWinners(), tied: true) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      Compositions.expectBlamed(report, path: placement.path, gate: "MaxRoutingToAllWinners")
    }
    for placement in try Compositions.around(pair: Max<Double>(), tied: true) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      #expect(report.passed, "\(placement): \(report)")
    }
  }

  /// The two-input wrong gates of the first mutation tests, in every pair composition.
  @Test(arguments: ["MultiplyIgnoringUpstream", "MaxRoutingToTheLoser"])
  func aWrongTwoInputGateIsBlamedInEveryComposition(_ name: String) throws {
    let wrong: any Gate<Double> =
      name == "MultiplyIgnoringUpstream" ? MultiplyIgnoringUpstream() : MaxRoutingToTheLoser()
    let x = try Compositions.input()
    for placement in try Compositions.around(pair: wrong, tied: false) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      Compositions.expectBlamed(report, path: placement.path, gate: name)
    }
  }

  /// A composite whose children are right but whose backward drops the skip connection:
  /// blamed for its own wiring, alone and inside compositions; the correct residual
  /// passes, its wiring verified.
  @Test func aCompositesOwnWiringIsBlamedOnTheComposite() throws {
    let x = try Compositions.input()
    let wrong = Residual(try Compositions.dense(4, 4, seed: 6), forgetsSkip: true)
    let control = Residual(try Compositions.dense(4, 4, seed: 6), forgetsSkip: false)
    let alone = try GradientChecker().check(wrong, inputs: [x])
    Compositions.expectBlamed(alone, path: "", gate: "ResidualForgettingTheSkip")
    #expect(alone.blame.map(\.tensor) == ["wiring"])
    #expect(alone.diagnosis.contains("returns for input 0 is not the sum"), "\(alone.diagnosis)")
    // Its children were checked and passed.
    #expect(alone.entries.contains { $0.gatePath == "f" && $0.passed })
    #expect(alone.entries.contains { $0.gatePath == "sum" && $0.passed })
    #expect(try GradientChecker().check(control, inputs: [x]).passed)
    for placement in try Compositions.around(composite: wrong) {
      let report = try GradientChecker().check(placement.model, inputs: [x])
      Compositions.expectBlamed(report, path: placement.path, gate: "ResidualForgettingTheSkip")
      #expect(report.blame.map(\.tensor) == ["wiring"], "\(placement)")
    }
    for placement in try Compositions.around(composite: control) {
      #expect(try GradientChecker().check(placement.model, inputs: [x]).passed, "\(placement)")
    }
  }

  /// A composite that fails while its only child passes and its described wiring matches
  /// its backward: nobody is blamed as wrong; the report is inconclusive and says why.
  @Test func aFailureNoGateExplainsIsInconclusive() throws {
    let x = try Compositions.input()
    let gate = ScaledWithoutSaying(inner: try Compositions.dense(4, 4, seed: 6))
    let report = try GradientChecker().check(gate, inputs: [x])
    #expect(report.status == .inconclusive, "\(report)")
    #expect(report.blamedGates.isEmpty)
    #expect(report.blame.count == 1 && report.blame[0].tensor == "wiring")
    #expect(report.blame[0].status == .inconclusive)
    #expect(report.diagnosis.contains("no gate explains the composite's failure"))
    #expect(report.entries.contains { $0.gatePath == "f" && $0.passed })
    #expect(report.notes.contains { $0.contains("was run whole") })
  }
}
