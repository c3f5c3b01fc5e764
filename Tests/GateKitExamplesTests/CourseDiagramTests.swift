import GateKit
import GateKitExamples
import Testing

/// The course circuits drawn as `gatekit examples --dot` draws them: at each example's
/// point, with upstream gradient 1.
@Suite("Course circuit diagrams")
struct CourseDiagramTests {
  private func diagram(_ circuit: Graph<Double>, _ run: ExampleRun) throws -> CircuitDiagram {
    let inputs = Dictionary(uniqueKeysWithValues: run.inputs.map { ($0.name, Tensor($0.value)) })
    return try CircuitDiagram(circuit, inputs: inputs, upstream: 1)
  }

  /// The wires as `source → target: value / gradient`, with the node kinds left out.
  private func table(_ diagram: CircuitDiagram) -> [String] {
    func name(_ id: String) -> String { String(id.drop { $0 != ":" }.dropFirst()) }
    return diagram.wires.map {
      "\(name($0.source)) → \(name($0.target)): \($0.value) / \($0.gradient ?? "-")"
    }
  }

  /// SEEDS S1 exactly: values 5, 3, 2, bc = 6, a + bc = 11, J = 33; gradients dJ/da = 3,
  /// dJ/db = 6, dJ/dc = 9, dJ/d(bc) = dJ/d(a + bc) = 3.
  @Test func s1() throws {
    let diagram = try diagram(CourseCircuits.s1(), CourseExamples.s1())
    #expect(
      table(diagram) == [
        "b → u: 3 / 6", "c → u: 2 / 9", "a → v: 5 / 3", "u → v: 6 / 3", "v → J: 11 / 3",
        "J → J: 33 / 1",
      ])
  }

  /// SEEDS S6, the neuron as in the cs231n figure (which prints two decimals; here four).
  @Test func s6Neuron() throws {
    let diagram = try diagram(CourseCircuits.s6Neuron(), CourseExamples.s6Neuron())
    #expect(
      table(diagram) == [
        "w0 → w0x0: 2 / -0.1966", "x0 → w0x0: -1 / 0.3932",
        "w1 → w1x1: -3 / -0.3932", "x1 → w1x1: -2 / -0.5898",
        "w0x0 → dot: -2 / 0.1966", "w1x1 → dot: 6 / 0.1966", "w2 → dot: -3 / 0.1966",
        "dot → f: 1 / 0.1966", "f → f: 0.7311 / 1",
      ])
  }

  /// SEEDS S6, staged: x feeds three stages and y two; the gradients printed on each
  /// input's branches add up to the circuit's df/dx and df/dy. Tolerance: each printed
  /// term is off by at most half a unit in its fourth decimal (5e-5), three terms at most.
  @Test func s6StagedBranchesSumToTheInputGradients() throws {
    let run = try CourseExamples.s6Staged()
    let diagram = try diagram(CourseCircuits.s6Staged(), run)
    for (name, total) in run.gradients {
      let branches = diagram.wires.filter { $0.source == "input:" + name }
      #expect(branches.count == (name == "x" ? 3 : 2))
      let sum = branches.compactMap { $0.gradient.flatMap(Double.init) }.reduce(0, +)
      #expect(Swift.abs(sum - total) < 1.5e-4, "d f/d\(name): \(sum) vs \(total)")
    }
    #expect(diagram.dot.contains("<B>invden</B><BR/><FONT POINT-SIZE=\"10\">Reciprocal</FONT>"))
  }
}
