import Foundation
import GateKit
import GateKitExamples
import Testing

@Suite("The course's worked examples")
struct CourseExampleTests {
  /// SEEDS S1, asserted exactly: every number is an integer computed without rounding.
  @Test func s1ComputationGraph() throws {
    let run = try CourseExamples.s1()
    #expect(run.outputs.map(\.value) == [33])
    #expect(run.stages.map(\.name) == ["u", "v"] && run.stages.map(\.value) == [6, 11])
    #expect(run.gradients.map(\.name) == ["a", "b", "c"])
    #expect(run.gradients.map(\.value) == [3, 6, 9])
    #expect(run.check.passed)
  }

  @Test func s1JSONLineHasTheDocumentedForm() throws {
    let line = try CourseExamples.s1().jsonLine
    #expect(line.hasPrefix(#"{"example":"s1","J":33,"gradients":{"a":3,"b":6,"c":9}"#))
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    #expect(object?["example"] as? String == "s1")
  }

  /// SEEDS S6, the sigmoid neuron, to the two decimals the notes give.
  @Test func s6Neuron() throws {
    let run = try CourseExamples.s6Neuron()
    func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    #expect(run.stages.first { $0.name == "dot" }?.value == 1)
    #expect(run.outputs.map { rounded($0.value) } == [0.73])
    #expect(run.gradients.map(\.name) == ["x0", "x1", "w0", "w1", "w2"])
    #expect(run.gradients.map { rounded($0.value) } == [0.39, -0.59, -0.20, -0.39, 0.20])
    #expect(run.check.passed)
    #expect(try CourseExamples.s6Neuron().jsonLine.hasPrefix(#"{"example":"s6-neuron","f":0.73"#))
  }

  /// SEEDS S6, the staged f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²) at x = 3, y = −4,
  /// against the closed-form function and its partial derivatives.
  @Test func s6StagedComputation() throws {
    let (x, y) = (3.0, -4.0)
    func sigma(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
    let numerator = x + sigma(y)
    let denominator = sigma(x) + (x + y) * (x + y)
    let f = numerator / denominator
    // ∂f/∂x = [1·den − num·(σ(x)(1 − σ(x)) + 2(x + y))] / den²
    let dfdx =
      (denominator - numerator * (sigma(x) * (1 - sigma(x)) + 2 * (x + y)))
      / (denominator * denominator)
    // ∂f/∂y = [σ(y)(1 − σ(y))·den − num·2(x + y)] / den²
    let dfdy =
      (sigma(y) * (1 - sigma(y)) * denominator - numerator * 2 * (x + y))
      / (denominator * denominator)

    let run = try CourseExamples.s6Staged()
    // Tolerance: the staged and closed forms round differently, a few ulps of values ~2.
    #expect(Swift.abs(run.outputs[0].value - f) < 1e-14)
    #expect(Swift.abs(run.gradients[0].value - dfdx) < 1e-14)
    #expect(Swift.abs(run.gradients[1].value - dfdy) < 1e-14)
    #expect(run.gradients.map { ($0.value * 100).rounded() / 100 } == [2.06, 1.59])
    #expect(run.check.passed)
  }

  @Test func everyExampleIsCheckedAndPrintsOneJSONLine() throws {
    let runs = try CourseExamples.all()
    #expect(runs.map(\.id) == ["s1", "s6-neuron", "s6-staged"])
    for run in runs {
      #expect(run.check.passed, "\(run.id)")
      #expect(!run.jsonLine.contains("\n"))
    }
  }

  @Test func circuitsWorkInFloatToo() throws {
    var s1: Graph<Float> = try CourseCircuits.s1()
    #expect(try s1.forward(["a": 5, "b": 3, "c": 2]) == ["J": 33])
    #expect(try s1.backward(["J": 1]) == ["a": 3, "b": 6, "c": 9])
  }
}
