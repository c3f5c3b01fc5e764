import GateKit
import Testing

/// The checker checked: deliberately wrong gates (WrongGates.swift) must be flagged on
/// their own and, inside a composition, blamed by path while their correct neighbours are
/// not.
@Suite("Mutation tests of the checker")
struct MutationTests {
  private static func dense(_ input: Int, _ output: Int, seed: UInt64) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: seed)
    return try Dense(input, output, biasInitializer: .normal(), using: &generator)
  }

  private static func input(_ shape: [Int], seed: UInt64 = 5) throws -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return try Tensor.normal(shape: shape, using: &generator)
  }

  /// A single-input wrong layer, alone and as `layers.2` of Dense → Tanh → wrong → Dense.
  @Test(arguments: [
    ("SigmoidMissingFactor", false), ("TanhWithWrongSign", false),
    ("DenseWithWrongWeightSign", true), ("DenseWithTransposedWeightGradient", true),
  ])
  func aWrongLayerIsFlaggedAndBlamedByPath(name: String, hasParameters: Bool) throws {
    let wrong: any Layer<Double> =
      switch name {
      case "SigmoidMissingFactor": SigmoidMissingFactor()
      case "TanhWithWrongSign": TanhWithWrongSign()
      case "DenseWithWrongWeightSign":
        DenseWithWrongWeightSign(inner: try Self.dense(4, 4, seed: 3))
      default: DenseWithTransposedWeightGradient(inner: try Self.dense(4, 4, seed: 3))
      }
    let x = try Self.input([5, 4])
    let alone = try GradientChecker().check(wrong, inputs: [x])
    #expect(!alone.passed)
    #expect(alone.blamedGates == [name])

    let model = Sequential<Double>([
      try Self.dense(4, 4, seed: 1), Tanh(), wrong, try Self.dense(4, 3, seed: 2),
    ])
    let report = try GradientChecker().check(model, inputs: [x])
    #expect(!report.passed)
    #expect(report.blamedGates == ["layers.2 (\(name))"], "\(report)")
    // The neighbours were checked on their own and passed.
    for path in ["layers.0", "layers.1", "layers.3"] {
      let entries = report.entries.filter { $0.gatePath == path }
      #expect(!entries.isEmpty && entries.allSatisfy(\.passed), "\(path)")
    }
    #expect(report.diagnosis.hasPrefix("layers.2 (\(name))"))
    if hasParameters {
      #expect(report.diagnosis.hasPrefix("layers.2 (\(name)).weight["), "\(report.diagnosis)")
    }
  }

  /// A two-input wrong gate, alone and as node `m` of a graph that feeds it a Dense and a
  /// Tanh of the same input and puts a sigmoid after it.
  @Test(arguments: ["MultiplyIgnoringUpstream", "MaxRoutingToTheLoser", "AddForgettingReduction"])
  func aWrongMultiInputGateIsBlamedByNodeName(name: String) throws {
    let broadcast = name == "AddForgettingReduction"
    let wrong: any Gate<Double> =
      switch name {
      case "MultiplyIgnoringUpstream": MultiplyIgnoringUpstream()
      case "MaxRoutingToTheLoser": MaxRoutingToTheLoser()
      default: AddForgettingReduction()
      }
    let x = try Self.input([5, 3])
    let second = broadcast ? try Self.input([3], seed: 6) : try Self.input([5, 3], seed: 6)
    let alone = try GradientChecker().check(wrong, inputs: [x, second])
    #expect(!alone.passed)
    #expect(alone.blamedGates == [name])

    let graph = try Graph<Double>(inputs: "x", "b", outputs: "y") {
      GraphNode("h", try Self.dense(3, 3, seed: 4), inputs: "x")
      GraphNode("t", Tanh(), inputs: "x")
      GraphNode("m", wrong, inputs: "h", broadcast ? "b" : "t")
      GraphNode("y", Sigmoid(), inputs: "m")
    }
    let report = try GradientChecker().check(graph, inputs: [x, second])
    #expect(report.blamedGates == ["m (\(name))"], "\(report)")

    // Nested: the graph as layer 1 of a Sequential is found at `layers.1.m`.
    if !broadcast {
      let single = try Graph<Double>(inputs: "x", outputs: "m") {
        GraphNode("h", try Self.dense(3, 3, seed: 4), inputs: "x")
        GraphNode("t", Tanh(), inputs: "x")
        GraphNode("m", wrong, inputs: "h", "t")
      }
      let model = Sequential<Double>([try Self.dense(3, 3, seed: 8), SingleInputLayer(single)])
      let nested = try GradientChecker().check(model, inputs: [x])
      #expect(nested.blamedGates == ["layers.1.m (\(name))"], "\(nested)")
    }
  }

  /// Overwriting instead of accumulating passes a single gradient check (one backward
  /// after zeroing) but fails the conformance suite's accumulation check, which names the
  /// parameter, also inside a composition.
  @Test func overwritingParameterGradientsIsCaughtByTheConformanceSuite() throws {
    let wrong = DenseOverwritingGradients(inner: try Self.dense(3, 2, seed: 1))
    let report = try GateConformance().check({ wrong }, inputs: [.normal([4, 3])])
    #expect(report.failedChecks == ["accumulation"], "\(report)")

    let model = Sequential<Double>([try Self.dense(3, 3, seed: 2), Tanh(), wrong])
    let composed = try GateConformance().check({ model }, inputs: [.normal([4, 3])])
    #expect(composed.failedChecks == ["accumulation"])
    let detail = composed.checks.first { $0.name == "accumulation" }?.detail ?? ""
    #expect(detail.contains("layers.2.weight"), "\(detail)")
  }

  /// A ReLU whose value at exactly 0 lies outside the subgradient interval is caught at
  /// the kink.
  @Test func aWrongSubgradientAtAKinkIsCaught() throws {
    let x: Tensor<Double> = [0, 0.5, -0.5, 0]
    let report = try GradientChecker().check(ReLUWithWrongSubgradient(), inputs: [x])
    #expect(!report.passed)
    let failing = report.entries[0].elements.filter { !$0.passed }
    #expect(failing.map(\.index) == [[0], [3]])
    #expect(failing.allSatisfy { $0.atKink && $0.interval == [0, 1] || $0.atKink })
  }
}
