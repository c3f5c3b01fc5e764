import GateKit
import Testing

/// Compositions that end in a loss with integer labels are checkable end to end: constant
/// inputs stay constant in every re-check, at every depth; values inside a graph can be
/// marked constant; and `check()` does not throw once the forward pass succeeds.
@Suite("Constant inputs, labels, and checks that never throw")
struct ConstantTests {
  private let x: Tensor<Double>
  private let labels: Tensor<Double> = [0, 2, 1, 2, 0]

  init() throws {
    x = try Compositions.input()
  }

  /// Dense → `middle` → Dense → softmax cross-entropy against `labels`.
  private func classifier(_ middle: some Layer<Double>, loss: some Gate<Double>) throws
    -> Graph<Double>
  {
    try Graph<Double>(inputs: "x", "labels", outputs: "loss") {
      GraphNode("h", try Compositions.dense(4, 5, seed: 1), inputs: "x")
      GraphNode("a", middle, inputs: "h")
      GraphNode("z", try Compositions.dense(5, 3, seed: 2), inputs: "a")
      GraphNode("loss", loss, inputs: "z", "labels")
    }
  }

  /// A wrong gate inside a classifier: the per-gate re-checks keep the labels constant, so
  /// the loss is checked at its logits only and the wrong gate is blamed — for softmax
  /// cross-entropy and for the negative log-likelihood.
  @Test(arguments: [false, true])
  func aLabeledTrainingGraphLocalizesWithoutPerturbingTheLabels(nll: Bool) throws {
    let graph =
      nll
      ? try classifier(SigmoidMissingFactor(), loss: NegativeLogLikelihood<Double>())
      : try classifier(SigmoidMissingFactor(), loss: SoftmaxCrossEntropy<Double>())
    let report = try GradientChecker().check(graph, inputs: [x, labels], constantInputs: [1])
    Compositions.expectBlamed(report, path: "a", gate: "SigmoidMissingFactor")
    let loss = report.entries.filter { $0.gatePath == "loss" }
    #expect(loss.map(\.name) == ["input 0"] && loss.allSatisfy(\.passed), "\(report)")
    #expect(!report.entries.contains { $0.gatePath.isEmpty && $0.name == "input 1" })
  }

  /// ReLU inputs exactly at 0 defer every probe of the first layer to the gates inside;
  /// they pass, and the labels stay labels.
  @Test func kinksInALabeledGraphAreSettledByTheGatesInside() throws {
    let zero = try Dense<Double>(weight: Tensor(zeros: [4, 5]), bias: Tensor(zeros: [5]))
    let graph = try Graph<Double>(inputs: "x", "labels", outputs: "loss") {
      GraphNode("h", zero, inputs: "x")
      GraphNode("a", ReLU(), inputs: "h")
      GraphNode("z", try Compositions.dense(5, 3, seed: 2), inputs: "a")
      GraphNode("loss", SoftmaxCrossEntropy(), inputs: "z", "labels")
    }
    let report = try GradientChecker().check(graph, inputs: [x, labels], constantInputs: [1])
    #expect(report.passed)
    #expect(report.entries.contains { $0.gatePath.isEmpty && $0.deferredCount > 0 })
    #expect(report.entries.contains { $0.gatePath == "loss" && $0.passed })
  }

  /// Labels passed into a nested graph (and through a gate without parameters) stay
  /// constant at depth 2, where the wrong gate is.
  @Test func labelsStayConstantInNestedGraphs() throws {
    let head = try Graph<Double>(inputs: "z", "y", outputs: "loss") {
      GraphNode("s", SigmoidMissingFactor(), inputs: "z")
      GraphNode("t", try Scale(1), inputs: "y")  // a constant: no parameters, a constant input
      GraphNode("loss", SoftmaxCrossEntropy(), inputs: "s", "t")
    }
    let network = Sequential<Double>([
      try Compositions.dense(4, 5, seed: 1), Tanh(), try Compositions.dense(5, 3, seed: 2),
    ])
    let graph = try Graph<Double>(inputs: "x", "labels", outputs: "head") {
      GraphNode("net", network, inputs: "x")
      GraphNode("head", head, inputs: "net", "labels")
    }
    let report = try GradientChecker().check(graph, inputs: [x, labels], constantInputs: [1])
    Compositions.expectBlamed(report, path: "head.s", gate: "SigmoidMissingFactor")
    #expect(report.entries.filter { $0.gatePath == "head" }.map(\.name) == ["input 0"])
    #expect(report.entries.filter { $0.gatePath == "head.loss" }.map(\.name) == ["input 0"])
    #expect(!report.entries.contains { $0.gatePath == "head.t" })
  }

  /// A value inside a graph marked constant: the re-check of the gate reading it leaves it
  /// alone, as it does a constant input; unmarked, it is checked.
  @Test func valuesInsideAGraphCanBeMarkedConstant() throws {
    let graph = try Graph<Double>(inputs: "x", outputs: "loss") {
      GraphNode("h", try Compositions.dense(4, 3, seed: 1), inputs: "x")
      GraphNode("p", SigmoidMissingFactor(), inputs: "h")
      GraphNode("target", Tanh(), inputs: "x")
      GraphNode("c", try Compositions.dense(4, 3, seed: 3), inputs: "target")
      GraphNode("loss", MeanSquaredError(), inputs: "p", "c")
    }
    let marked = try GradientChecker().check(graph, inputs: [x], constantValues: ["c"])
    Compositions.expectBlamed(marked, path: "p", gate: "SigmoidMissingFactor")
    #expect(marked.entries.filter { $0.gatePath == "loss" }.map(\.name) == ["input 0"])
    let unmarked = try GradientChecker().check(graph, inputs: [x])
    #expect(
      unmarked.entries.filter { $0.gatePath == "loss" }.map(\.name) == ["input 0", "input 1"])
  }

  /// Labels not declared constant: perturbing them makes the loss throw. The check does
  /// not throw: the graph defers those elements to the gates inside, where the loss's
  /// label input is inconclusive and says why; the logits' gradients are checked.
  @Test func undeclaredLabelsMakeInconclusiveEntriesNotAThrow() throws {
    let graph = try classifier(Tanh(), loss: SoftmaxCrossEntropy<Double>())
    let report = try GradientChecker().check(
      graph, inputs: [x, labels], inputNames: ["x", "labels"])
    #expect(report.status == .inconclusive, "\(report)")
    let label = try #require(report.entries.first { $0.gatePath.isEmpty && $0.name == "labels" })
    #expect(label.elements.allSatisfy { $0.status == .deferred })
    #expect(report.entries.first { $0.name == "x" }?.passed == true)
    #expect(report.blamedGates.isEmpty)
    let loss = try #require(report.blame.first)
    #expect(report.blame.count == 1 && loss.path == "loss" && loss.tensor == "input 1")
    #expect(loss.status == .inconclusive && loss.reason.contains("not a class index"), "\(loss)")
  }

  /// A correct gate whose forward pass throws at its perturbed point (a probability of
  /// exactly 1 moved up) inside a failing composition: its re-check is an inconclusive
  /// entry naming it, the wrong gate is blamed, and `check()` returns.
  @Test func aGateThatThrowsInItsRecheckIsAnInconclusiveEntry() throws {
    let model = Sequential<Double>([Sigmoid(), StrictProbability(), SigmoidMissingFactor()])
    let input = try Tensor<Double>(rows: [[40, 0.3, -0.2], [1.2, -40, 0.5]])  // σ(40) = 1
    let report = try GradientChecker().check(model, inputs: [input])
    #expect(report.blamedGates == ["layers.2 (SigmoidMissingFactor)"], "\(report)")
    let strict = try #require(report.blame.first { $0.path == "layers.1" })
    #expect(strict.status == .inconclusive && strict.reason.contains("not a probability"))
  }
}
