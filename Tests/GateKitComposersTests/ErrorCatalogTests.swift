import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitComposers: every row is a bad input to a public entry point that
// must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same
// rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad inputs to the composers (GateKitComposers).
let composerBadInputs: [BadInput] = [
  BadInput(
    "Sequential.forward", "a batch the first layer rejects", "shapeMismatch",
    ["layers.0 (Dense(2 → 4))", "[batch, 2]", "[5, 3]"]
  ) {
    var model = try Fixture.classifier()
    _ = try model.forward(Tensor(zeros: [5, 3]))
  },
  BadInput(
    "Sequential.backward", "backward before forward", "backwardBeforeForward", ["Sequential("]
  ) {
    var model = try Fixture.classifier()
    _ = try model.backward(Tensor(zeros: [1, 3]))
  },
  BadInput(
    "Sequential.backward", "an upstream gradient of the wrong shape", "shapeMismatch",
    ["Sequential(", "upstream gradient of shape [5, 3]", "[5, 2]"]
  ) {
    var model = try Fixture.classifier()
    _ = try model.forward(Tensor(zeros: [5, 2]))
    _ = try model.backward(Tensor(zeros: [5, 2]))
  },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "a node reading an unknown name", "unknownNode",
    ["'y'", "'z'"]
  ) {
    _ = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", Add(), inputs: "x", "z")])
  },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "a name defined twice", "duplicateNode", ["'x'"]
  ) {
    _ = try Graph<Double>(
      inputs: ["x"], outputs: ["x"], nodes: [GraphNode("x", ReLU(), inputs: "x")])
  },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "a cycle", "cycle", ["a", "b", "cycle"]
  ) {
    _ = try Graph<Double>(
      inputs: ["x"], outputs: ["b"],
      nodes: [
        GraphNode("a", Add(), inputs: "x", "b"), GraphNode("b", ReLU(), inputs: "a"),
      ])
  },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "a gate given the wrong number of inputs",
    "wrongInputCount", ["y = Subtract", "2 inputs", "got 1"]
  ) {
    _ = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", Subtract(), inputs: "x")])
  },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "no outputs", "invalidArgument", ["Graph", "needs an output"]
  ) { _ = try Graph<Double>(inputs: ["x"], outputs: [], nodes: []) },
  BadInput(
    "Graph(inputs:outputs:nodes:)", "an empty name", "invalidArgument", ["Graph", "empty"]
  ) { _ = try Graph<Double>(inputs: [""], outputs: [""], nodes: []) },
  BadInput(
    "Graph.forward(_:)", "a missing input", "missingInput", ["'w'"]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x", "w"], outputs: ["y"], nodes: [GraphNode("y", Multiply(), inputs: "x", "w")])
    _ = try graph.forward(["x": Tensor([1])])
  },
  BadInput(
    "Graph.forward(_:)", "a value for an unknown input", "unknownNode", ["'q'", "'forward'"]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", ReLU(), inputs: "x")])
    _ = try graph.forward(["x": Tensor([1]), "q": Tensor([1])])
  },
  BadInput(
    "Graph.forward(inputs:)", "the wrong number of inputs", "wrongInputCount",
    ["Graph(", "2 inputs", "got 1"]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x", "w"], outputs: ["y"], nodes: [GraphNode("y", Multiply(), inputs: "x", "w")])
    _ = try graph.forward(inputs: [Tensor([1])])
  },
  BadInput(
    "Graph.backward(_:)", "an upstream gradient of the wrong shape", "shapeMismatch",
    ["output 'y'", "[2]", "[3]"]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", ReLU(), inputs: "x")])
    _ = try graph.forward(["x": Tensor([1, 2])])
    _ = try graph.backward(["y": Tensor([1, 2, 3])])
  },
  BadInput(
    "Graph.backward(_:)", "backward before forward", "backwardBeforeForward", ["Graph("]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", ReLU(), inputs: "x")])
    _ = try graph.backward(["y": Tensor([1])])
  },
  BadInput(
    "Graph.value(of:)", "an unknown name", "unknownNode", ["'nope'", "value(of:)"]
  ) {
    let graph = try Graph<Double>(
      inputs: ["x"], outputs: ["y"], nodes: [GraphNode("y", ReLU(), inputs: "x")])
    _ = try graph.value(of: "nope")
  },
  BadInput(
    "Graph.forward(inputs:)", "a graph with two outputs used as one gate", "invalidArgument",
    ["2 outputs"]
  ) {
    var graph = try Graph<Double>(
      inputs: ["x"], outputs: ["a", "b"],
      nodes: [GraphNode("a", ReLU(), inputs: "x"), GraphNode("b", Tanh(), inputs: "x")])
    _ = try graph.forward(inputs: [Tensor([1])])
  },
  BadInput(
    "SingleInputLayer.forward", "a gate that needs two inputs", "wrongInputCount",
    ["Max", "at least 2 inputs", "got 1"]
  ) {
    var layer = SingleInputLayer(Max<Double>())
    _ = try layer.forward(Tensor([1, 2]))
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func classifier() throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: 1)
    return try .perceptron(layerSizes: [2, 4, 3], activation: .relu, using: &generator)
  }
}

@Suite("Error catalog: composers")
struct ErrorCatalogTests {
  @Test(arguments: composerBadInputs)
  func composer(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitComposers", test: "ErrorCatalogTests.composer")
  }
}
