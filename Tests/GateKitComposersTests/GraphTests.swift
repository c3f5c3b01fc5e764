import Foundation
import GateKit
import GateKitTestSupport
import Testing

@Suite("Graph")
struct GraphTests {
  private func s1() throws -> Graph<Double> {
    try Graph(inputs: "a", "b", "c", outputs: "J") {
      GraphNode("u", Multiply(), inputs: "b", "c")  // u = b·c
      GraphNode("v", Add(), inputs: "a", "u")  // v = a + u
      GraphNode("J", try Scale(3), inputs: "v")  // J = 3v
    }
  }

  /// SEEDS S1, exactly: J = 33 and dJ/da = 3, dJ/db = 6, dJ/dc = 9, with every stage.
  @Test func computationGraphOfTheCourse() throws {
    var circuit = try s1()
    let out = try circuit.forward(["a": 5, "b": 3, "c": 2])
    #expect(out == ["J": 33])
    #expect(try circuit.value(of: "u") == 6)
    #expect(try circuit.value(of: "v") == 11)
    let grads = try circuit.backward(["J": 1])
    #expect(grads == ["a": 3, "b": 6, "c": 9])
    #expect(try circuit.gradient(of: "v") == 3)  // dJ/dv
    #expect(try circuit.gradient(of: "u") == 3)  // dJ/du: add distributes
  }

  @Test func actsAsAGateWithInputsInDeclaredOrder() throws {
    var circuit = try s1()
    #expect(circuit.acceptedInputCounts == 3...3)
    #expect(try circuit.forward(inputs: [5, 3, 2]) == 33)
    #expect(try circuit.backward(upstream: 1) == [3, 6, 9])
    #expect(
      circuit.description
        == "Graph(a, b, c → J; u = Multiply(b, c); v = Add(a, u); J = Scale(3.0)(v))")
  }

  /// Gradients add at forks: f = x·x + x has df/dx = 2x + 1, reaching x by three paths.
  @Test func gradientsAddAtForks() throws {
    var graph = try Graph<Double>(inputs: "x", outputs: "f") {
      GraphNode("square", Multiply(), inputs: "x", "x")
      GraphNode("f", Add(), inputs: "square", "x")
    }
    _ = try graph.forward(["x": [3, -2]])
    #expect(try graph.backward(["f": [1, 1]]) == ["x": [7, -3]])
  }

  @Test func nodesMayBeListedInAnyOrder() throws {
    var graph = try Graph<Double>(
      inputs: ["a", "b"], outputs: ["z"],
      nodes: [
        GraphNode("z", try Scale(2), inputs: "y"),
        GraphNode("y", Add(), inputs: "x", "b"),
        GraphNode("x", Negate(), inputs: "a"),
      ])
    #expect(graph.nodes.map(\.name) == ["x", "y", "z"])
    #expect(try graph.forward(["a": 1, "b": 5]) == ["z": 8])
  }

  @Test func outputsThatNothingReachesGetZeroGradient() throws {
    var graph = try Graph<Double>(inputs: "a", "b", outputs: "y", "z") {
      GraphNode("y", try Scale(2), inputs: "a")
      GraphNode("z", Square(), inputs: "b")
    }
    _ = try graph.forward(["a": 1, "b": 3])
    let grads = try graph.backward(["y": 1])  // no gradient for z
    #expect(grads == ["a": 2, "b": 0])
    #expect(try graph.gradient(of: "z") == 0)
    #expect(throws: GateKitError.self) { try graph.forward(inputs: [1, 3]) }
  }

  @Test func anOutputThatIsAlsoAnIntermediateCollectsBothGradients() throws {
    var graph = try Graph<Double>(inputs: "x", outputs: "h", "f") {
      GraphNode("h", try Scale(2), inputs: "x")
      GraphNode("f", Square(), inputs: "h")
    }
    _ = try graph.forward(["x": 3])  // h = 6, f = 36
    // dh = 1 from outside + df·2h = 12 from f, so dx = 2·13.
    #expect(try graph.backward(["h": 1, "f": 1]) == ["x": 26])
  }

  @Test func nestsInsideSequentialAndHoldsSequentials() throws {
    var generator = SeededGenerator(seed: 1)
    let residual = try Graph<Double>(inputs: "x", outputs: "y") {
      GraphNode("h", try Dense(3, 3, using: &generator), inputs: "x")
      GraphNode("y", Add(), inputs: "h", "x")
    }
    var model = try Sequential<Double> {
      residual
      Tanh()
      try Sequential {
        try Dense(3, 2, using: &generator)
      }
    }
    #expect(model.layers[0] is SingleInputLayer<Graph<Double>>)
    #expect(model.layers[1] is Tanh<Double>, "layers are not wrapped")
    #expect(
      model.parameters.map(\.path) == [
        "layers.0.h.weight", "layers.0.h.bias", "layers.2.layers.0.weight",
        "layers.2.layers.0.bias",
      ])
    let x = try Tensor<Double>.normal(shape: [4, 3], using: &generator)
    #expect(try model.forward(x).shape == [4, 2])
    #expect(try GradientChecker().check(model, inputs: [x]).passed)
  }

  @Test func anUnknownNameSuggestsTheClosestDefinedName() throws {
    #expect(
      throws: GateKitError.unknownNode(name: "hiden", referencedBy: "out", closest: "hidden")
    ) {
      try Graph<Double>(inputs: "x", outputs: "out") {
        GraphNode("hidden", Tanh(), inputs: "x")
        GraphNode("out", Square(), inputs: "hiden")
      }
    }
    #expect(
      GateKitError.unknownNode(name: "hiden", referencedBy: "out", closest: "hidden").description
        == "graph: 'out' refers to 'hiden', which no input or node defines (did you mean 'hidden'?)"
    )
    var graph = try Graph<Double>(inputs: "input", outputs: "Output") {
      GraphNode("hidden", Tanh(), inputs: "input")
      GraphNode("Output", Square(), inputs: "hidden")
    }
    #expect(
      throws: GateKitError.unknownNode(name: "inptu", referencedBy: "forward", closest: "input")
    ) { try graph.forward(["inptu": 1]) }
    let outputs = try graph.forward(["input": 0.5])
    #expect(outputs.names == ["Output"])
    #expect(try outputs["Output"] == Tensor(Foundation.tanh(0.5) * Foundation.tanh(0.5)))
    // Letter case is the likeliest slip; unrelated short names get no suggestion.
    #expect(
      throws: GateKitError.unknownNode(name: "output", referencedBy: "outputs", closest: "Output")
    ) { try outputs["output"] }
    #expect(throws: GateKitError.unknownNode(name: "q", referencedBy: "value(of:)")) {
      try graph.value(of: "q")
    }
    let gradients = try graph.backward(["Output": 1])
    #expect(gradients.names == ["input"])
    #expect(throws: GateKitError.self) { try gradients["hidden"] }
  }

  @Test func malformedGraphsAreRejectedWithTheOffendingNames() {
    #expect(throws: GateKitError.unknownNode(name: "q", referencedBy: "v")) {
      try Graph<Double>(inputs: "a", outputs: "v") { GraphNode("v", Add(), inputs: "a", "q") }
    }
    #expect(throws: GateKitError.unknownNode(name: "w", referencedBy: "outputs")) {
      try Graph<Double>(inputs: "a", outputs: "w") { GraphNode("v", Negate(), inputs: "a") }
    }
    #expect(throws: GateKitError.duplicateNode(name: "a")) {
      try Graph<Double>(inputs: "a", outputs: "a") { GraphNode("a", Negate(), inputs: "a") }
    }
    #expect(throws: GateKitError.duplicateNode(name: "v")) {
      try Graph<Double>(inputs: "a", outputs: "v") {
        GraphNode("v", Negate(), inputs: "a")
        GraphNode("v", Exp(), inputs: "a")
      }
    }
    #expect(
      throws: GateKitError.wrongInputCount(gate: "v = Add", expected: 2...Int.max, actual: 1)
    ) {
      try Graph<Double>(inputs: "a", outputs: "v") { GraphNode("v", Add(), inputs: "a") }
    }
  }

  @Test func cyclesNameOnlyTheNodesOnTheCycle() {
    #expect(throws: GateKitError.cycle(nodes: ["p", "q"])) {
      try Graph<Double>(inputs: "a", outputs: "r") {
        GraphNode("p", Add(), inputs: "a", "q")
        GraphNode("q", Exp(), inputs: "p")
        GraphNode("r", Negate(), inputs: "q")  // reads from the cycle, is not on it
      }
    }
    #expect(throws: GateKitError.cycle(nodes: ["s"])) {
      try Graph<Double>(inputs: "a", outputs: "s") { GraphNode("s", Add(), inputs: "a", "s") }
    }
  }

  @Test func forwardAndBackwardRejectUnknownAndMissingNames() throws {
    var circuit = try s1()
    #expect(throws: GateKitError.missingInput(name: "c")) {
      try circuit.forward(["a": 5, "b": 3])
    }
    #expect(throws: GateKitError.unknownNode(name: "d", referencedBy: "forward")) {
      try circuit.forward(["a": 5, "b": 3, "c": 2, "d": 1])
    }
    #expect(throws: GateKitError.backwardBeforeForward(gate: circuit.description)) {
      try circuit.backward(["J": 1])
    }
    _ = try circuit.forward(["a": 5, "b": 3, "c": 2])
    #expect(throws: GateKitError.unknownNode(name: "u", referencedBy: "backward")) {
      try circuit.backward(["u": 1])
    }
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "\(circuit.description) output 'J'", expected: "a gradient of shape []",
        actual: [2])
    ) {
      try circuit.backward(["J": [1, 1]])
    }
    #expect(throws: GateKitError.unknownNode(name: "zz", referencedBy: "value(of:)")) {
      try circuit.value(of: "zz")
    }
  }

  @Test func parametersArePathedByNodeName() throws {
    var generator = SeededGenerator(seed: 2)
    let graph = try Graph<Float>(inputs: "x", outputs: "y") {
      GraphNode("hidden", try Dense(4, 3, using: &generator), inputs: "x")
      GraphNode("y", Sigmoid(), inputs: "hidden")
    }
    #expect(graph.parameters.map(\.path) == ["hidden.weight", "hidden.bias"])
  }

  /// S6's vectorized gate: D = W·X with dW = dD·Xᵀ and dX = Wᵀ·dD, inside a graph.
  @Test func vectorizedMatrixProductInAGraph() throws {
    var graph = try Graph<Double>(inputs: "W", "X", outputs: "D") {
      GraphNode("D", MatMul(), inputs: "W", "X")
    }
    var generator = SeededGenerator(seed: 3)
    let w = try Tensor<Double>.normal(shape: [5, 10], using: &generator)
    let x = try Tensor<Double>.normal(shape: [10, 3], using: &generator)
    let d = try graph.forward(["W": w, "X": x])
    let dd = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let grads = try graph.backward(["D": dd])
    #expect(try d["D"].shape == [5, 3])
    // Tolerance: the same products accumulated in the same kernel; exact up to rounding.
    #expect(maxDifference(try grads["W"], try matmul(dd, x, transposingB: true)) < 1e-12)
    #expect(maxDifference(try grads["X"], try matmul(w, dd, transposingA: true)) < 1e-12)
  }
}
