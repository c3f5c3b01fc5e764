import GateKit
import Testing

/// The compositions every bug class is checked in: a gate alone, in a `Sequential`, in a
/// `Graph` with a fork, and in a graph nested in a `Sequential` (or in another graph), each
/// with the path the gate has there.
enum Compositions {
  /// A place for the gate under test, and where the checker should find it.
  struct Placement: CustomStringConvertible {
    var name: String
    var model: any Gate<Double>
    var path: String
    var description: String { name }
  }

  static func dense(_ input: Int, _ output: Int, seed: UInt64) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: seed)
    return try Dense(input, output, biasInitializer: .normal(), using: &generator)
  }

  static func input(_ shape: [Int] = [5, 4], seed: UInt64 = 5) throws -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return try Tensor.normal(shape: shape, using: &generator)
  }

  /// A single-input layer as `layers.2` of Dense → Tanh → layer → Dense; as node `w` of a
  /// graph where the input forks into a Dense before it and an Add after it; and as node
  /// `w` of such a graph nested in a `Sequential` (`layers.1.w`). In each, some parameter's
  /// gradient flows through the layer alone, so that even a tiny error in it is measurable.
  static func around(_ layer: some Layer<Double>) throws -> [Placement] {
    let sequential = Sequential<Double>([
      try dense(4, 4, seed: 1), Tanh(), layer, try dense(4, 3, seed: 2),
    ])
    let graph = try Graph<Double>(inputs: "x", outputs: "y") {
      GraphNode("h", try dense(4, 4, seed: 1), inputs: "x")
      GraphNode("w", layer, inputs: "h")
      GraphNode("s", Add(), inputs: "w", "x")
      GraphNode("y", Sigmoid(), inputs: "s")
    }
    let inner = try Graph<Double>(inputs: "x", outputs: "s") {
      GraphNode("h", try dense(4, 4, seed: 7), inputs: "x")
      GraphNode("w", layer, inputs: "h")
      GraphNode("s", Add(), inputs: "w", "x")
    }
    let nested = Sequential<Double>([try dense(4, 4, seed: 3), SingleInputLayer(inner), Tanh()])
    return [
      Placement(name: "Sequential", model: sequential, path: "layers.2"),
      Placement(name: "Graph", model: graph, path: "w"),
      Placement(name: "Graph in a Sequential", model: nested, path: "layers.1.w"),
    ]
  }

  /// A two-input gate as node `m`, fed a Dense of the input and, when `tied`, an exact copy
  /// of it (`Scale(1)`: every element ties) or else a Tanh of the input: in a graph, in a
  /// graph nested in a `Sequential` (`layers.1.m`) and in a graph nested in a graph
  /// (`inner.m`).
  static func around(pair gate: some Gate<Double>, tied: Bool) throws -> [Placement] {
    func nodes() throws -> [GraphNode<Double>] {
      [
        GraphNode("h", try dense(4, 4, seed: 4), inputs: "x"),
        tied ? GraphNode("t", try Scale(1), inputs: "h") : GraphNode("t", Tanh(), inputs: "x"),
        GraphNode("m", gate, inputs: "h", "t"),
      ]
    }
    let graph = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: try nodes() + [GraphNode("y", Sigmoid(), inputs: "m")])
    let inner = try Graph<Double>(inputs: ["x"], outputs: ["m"], nodes: try nodes())
    let nested = Sequential<Double>([try dense(4, 4, seed: 8), SingleInputLayer(inner)])
    let outer = try Graph<Double>(inputs: "x", outputs: "y") {
      GraphNode("a", try dense(4, 4, seed: 9), inputs: "x")
      GraphNode("inner", inner, inputs: "a")
      GraphNode("y", Sigmoid(), inputs: "inner")
    }
    return [
      Placement(name: "Graph", model: graph, path: "m"),
      Placement(name: "Graph in a Sequential", model: nested, path: "layers.1.m"),
      Placement(name: "Graph in a Graph", model: outer, path: "inner.m"),
    ]
  }

  /// A composite layer as `layers.1` of Dense → composite → Dense, as node `r` of a graph,
  /// and as node `r` of a graph nested in a `Sequential` (`layers.1.r`).
  static func around(composite: some Layer<Double>) throws -> [Placement] {
    let sequential = Sequential<Double>([
      try dense(4, 4, seed: 1), composite, try dense(4, 3, seed: 2),
    ])
    let graph = try Graph<Double>(inputs: "x", outputs: "y") {
      GraphNode("r", composite, inputs: "x")
      GraphNode("y", Tanh(), inputs: "r")
    }
    let nested = Sequential<Double>([try dense(4, 4, seed: 3), SingleInputLayer(graph)])
    return [
      Placement(name: "Sequential", model: sequential, path: "layers.1"),
      Placement(name: "Graph", model: graph, path: "r"),
      Placement(name: "Graph in a Sequential", model: nested, path: "layers.1.r"),
    ]
  }

  /// Expects `report` to blame exactly the gate at `path` (whose description is `gate`),
  /// and every other gate that was checked (but the ones containing it) to pass.
  static func expectBlamed(
    _ report: GradientCheckReport, path: String, gate: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let owner = path.isEmpty ? gate : "\(path) (\(gate))"
    #expect(report.status == .failed, "\(report)", sourceLocation: sourceLocation)
    #expect(report.blamedGates == [owner], "\(report)", sourceLocation: sourceLocation)
    let containing = { (other: String) in
      other.isEmpty || other == path || path.hasPrefix(other + ".")
    }
    for entry in report.entries where !containing(entry.gatePath) {
      #expect(entry.passed, "\(entry.location) should pass", sourceLocation: sourceLocation)
    }
  }
}
