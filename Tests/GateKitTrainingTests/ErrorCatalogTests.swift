import Foundation
import GateKit
import Testing

// The error catalog, part 1: tensors, gates and composers. Every row is a bad input to a
// public entry point that must throw a typed `GateKitError` naming what was wrong and where;
// Docs/Errors.md lists the same rows.

/// Bad inputs to `Tensor` construction and operations (GateKitCore).
let tensorBadInputs: [BadInput] = [
  BadInput(
    "Tensor(shape:scalars:)", "a negative dimension", "invalidShape",
    ["Tensor(shape:scalars:)", "[2, -1]", "negative"]
  ) { _ = try Tensor<Double>(shape: [2, -1], scalars: []) },
  BadInput(
    "Tensor(shape:scalars:)", "5 scalars for shape [2, 3]", "invalidShape",
    ["Tensor(shape:scalars:)", "[2, 3]", "6 scalars", "5 were given"]
  ) { _ = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) },
  BadInput(
    "Tensor(zeros:)", "a shape whose product overflows Int ([Int.max, 2])", "invalidShape",
    ["Tensor(repeating:shape:)", "[\(Int.max), 2]", "too many scalars"]
  ) { _ = try Tensor<Double>(zeros: [Int.max, 2]) },
  BadInput(
    "Tensor(zeros:)", "more scalars than the limit (2⁴⁰)", "invalidShape",
    ["Tensor(repeating:shape:)", "[1099511627776]", "more than the limit of 2147483648"]
  ) { _ = try Tensor<Float>(zeros: [1 << 40]) },
  BadInput(
    "matmul", "an empty product whose result would overflow ([Int.max, 0] × [0, 2])",
    "invalidShape", ["matmul", "[\(Int.max), 2]", "too many scalars"]
  ) { _ = try matmul(Tensor<Double>(zeros: [Int.max, 0]), Tensor<Double>(zeros: [0, 2])) },

  BadInput(
    "Tensor(repeating:shape:)", "a negative dimension", "invalidShape",
    ["Tensor(repeating:shape:)", "[-3]", "negative"]
  ) { _ = try Tensor<Double>(repeating: 1, shape: [-3]) },
  BadInput(
    "Tensor(shape:unsafeUninitializedScalarsWith:)", "an overflowing shape", "invalidShape",
    ["Tensor(shape:)", "too many scalars"]
  ) { _ = try Tensor<Float>(shape: [1 << 62, 1 << 62]) { _ in } },
  BadInput(
    "Tensor(rows:)", "ragged rows", "invalidShape",
    ["Tensor(rows:)", "row 1 has 1 scalars, row 0 has 2"]
  ) { _ = try Tensor<Double>(rows: [[1, 2], [3]]) },
  BadInput(
    "Tensor.uniform", "low > high", "invalidArgument", ["Tensor.uniform", "low ≤ high"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.uniform(shape: [2], low: 1, high: 0, using: &generator)
  },
  BadInput(
    "Tensor.uniform", "an infinite bound", "invalidArgument", ["Tensor.uniform", "inf"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.uniform(shape: [2], low: 0, high: .infinity, using: &generator)
  },
  BadInput(
    "Tensor.normal", "a negative standard deviation", "invalidArgument",
    ["Tensor.normal", "-1.0"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.normal(shape: [2], standardDeviation: -1, using: &generator)
  },
  BadInput(
    "Tensor.normal", "a NaN mean", "invalidArgument", ["Tensor.normal", "nan"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Tensor<Double>.normal(shape: [2], mean: .nan, using: &generator)
  },
  BadInput(
    "Tensor + Tensor", "shapes that do not broadcast", "incompatibleShapes",
    ["[2, 3]", "[4]", "do not broadcast"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]) + Tensor(zeros: [4]) },
  BadInput(
    "Tensor += Tensor", "a right side that broadcasts to a larger shape", "shapeMismatch",
    ["[3]", "[2, 3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x += Tensor(zeros: [2, 3])
  },
  BadInput(
    "matmul", "inner dimensions that differ", "shapeMismatch", ["matmul", "[2, 3]", "[4, 5]"]
  ) { _ = try matmul(Tensor<Double>(zeros: [2, 3]), Tensor(zeros: [4, 5])) },
  BadInput(
    "matmul", "a vector operand", "shapeMismatch", ["matmul", "rank 2", "[3]"]
  ) { _ = try matmul(Tensor<Double>([1, 2, 3]), Tensor(zeros: [3, 1])) },
  BadInput(
    "Tensor.addMatmul", "an accumulator of the wrong shape", "shapeMismatch",
    ["addMatmul", "[2, 5]", "[2, 4]"]
  ) {
    var c = try Tensor<Double>(zeros: [2, 4])
    try c.addMatmul(Tensor(zeros: [2, 3]), Tensor(zeros: [3, 5]))
  },
  BadInput(
    "Tensor.reshaped(to:)", "a different scalar count", "invalidShape",
    ["Tensor.reshaped(to:)", "[4]", "[2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).reshaped(to: [4]) },
  BadInput(
    "Tensor.reshaped(to:)", "an overflowing shape", "invalidShape",
    ["Tensor.reshaped(to:)", "too many scalars"]
  ) { _ = try Tensor<Double>(zeros: [0]).reshaped(to: [Int.max, 2, 0, 3]) },
  BadInput(
    "Tensor.transposed()", "a rank-3 tensor", "shapeMismatch",
    ["Tensor.transposed()", "[1, 2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [1, 2, 3]).transposed() },
  BadInput(
    "Tensor.broadcast(to:)", "a shape that does not broadcast", "shapeMismatch",
    ["Tensor.broadcast(to: [2, 4])", "[3]"]
  ) { _ = try Tensor<Double>([1, 2, 3]).broadcast(to: [2, 4]) },
  BadInput(
    "Tensor.sum(toShape:)", "a target the tensor does not reduce to", "shapeMismatch",
    ["[4]", "[2, 3]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).sum(toShape: [4]) },
  BadInput(
    "Tensor subscript", "an index outside the shape", "indexOutOfRange",
    ["Tensor.scalar(at:)", "[2, 0]", "[2, 2]"]
  ) { _ = try Tensor<Double>(zeros: [2, 2])[2, 0] },
  BadInput(
    "Tensor.scalar(at:)", "too few indices", "indexOutOfRange",
    ["Tensor.scalar(at:)", "[1]", "[2, 2]"]
  ) { _ = try Tensor<Double>(zeros: [2, 2]).scalar(at: [1]) },
  BadInput(
    "Tensor.setScalar(_:at:)", "a negative index", "indexOutOfRange",
    ["Tensor.setScalar(_:at:)", "[-1]", "[3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x.setScalar(0, at: [-1])
  },
  BadInput(
    "Tensor.indices(ofOffset:)", "an offset past the end", "indexOutOfRange",
    ["Tensor.indices(ofOffset:)", "[6]"]
  ) { _ = try Tensor<Double>(zeros: [2, 3]).indices(ofOffset: 6) },
  BadInput(
    "Tensor.gatherRows", "a row index out of range", "indexOutOfRange",
    ["Tensor.gatherRows", "[5]", "[3, 2]"]
  ) { _ = try Tensor<Double>(zeros: [3, 2]).gatherRows([0, 5]) },
  BadInput(
    "Tensor.gatherRows", "a rank-0 tensor", "shapeMismatch", ["Tensor.gatherRows", "rank ≥ 1"]
  ) { _ = try Tensor<Double>(1).gatherRows([0]) },
  BadInput(
    "Tensor.argmaxRows", "a matrix without columns", "shapeMismatch",
    ["Tensor.argmaxRows", "[3, 0]"]
  ) { _ = try Tensor<Double>(zeros: [3, 0]).argmaxRows() },
  BadInput(
    "Tensor.logSoftmaxRows", "a vector", "shapeMismatch", ["Tensor.logSoftmaxRows", "[3]"]
  ) { _ = try Tensor<Double>([1, 2, 3]).logSoftmaxRows() },
  BadInput(
    "Tensor.addScaled", "another shape", "shapeMismatch", ["Tensor.addScaled", "[2]", "[3]"]
  ) {
    var x = Tensor<Double>([1, 2, 3])
    try x.addScaled(Tensor([1, 2]), by: 2)
  },
  BadInput(
    "Gate.parameter(at:)", "an unknown path", "unknownParameter", ["'nonsense'"]
  ) { _ = try Fixture.dense().parameter(at: "nonsense") },
  BadInput(
    "Gate.copyParameters(from:)", "a source with other shapes", "shapeMismatch",
    ["copyParameters: weight", "[3, 2]", "[4, 2]"]
  ) {
    var target = try Fixture.dense()
    try target.copyParameters(from: Fixture.dense(4, 2))
  },
  BadInput(
    "Gate.copyParameters(from:)", "a source without the parameters", "missingParameter",
    ["'weight'"]
  ) {
    var target = try Fixture.dense()
    try target.copyParameters(from: ReLU<Double>())
  },
  BadInput(
    "Gate.summary(inputShape:)", "an input shape the model rejects", "shapeMismatch",
    ["Dense(3 → 2)", "[batch, 3]", "[8, 4]"]
  ) { _ = try Fixture.dense().summary(inputShape: [8, 4]) },
]

/// Bad inputs to the built-in gates (GateKitGates).
let gateBadInputs: [BadInput] = [
  BadInput(
    "Dense(_:_:using:)", "a zero size", "invalidArgument", ["Dense(0 → 2)", "at least 1"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Dense<Double>(0, 2, using: &generator)
  },
  BadInput(
    "Dense(_:_:using:)", "a negative size", "invalidArgument", ["Dense(3 → -1)"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Dense<Double>(3, -1, using: &generator)
  },
  BadInput(
    "Dense(weight:bias:)", "a vector as weight", "shapeMismatch", ["Dense", "[in, out]", "[3]"]
  ) { _ = try Dense(weight: Tensor<Double>([1, 2, 3]), bias: Tensor([0])) },
  BadInput(
    "Dense(weight:bias:)", "a bias of the wrong length", "shapeMismatch", ["Dense", "[2]", "[3]"]
  ) { _ = try Dense(weight: Tensor<Double>(zeros: [3, 2]), bias: Tensor([0, 0, 0])) },
  BadInput(
    "Dense.forward", "the wrong number of features", "shapeMismatch",
    ["Dense(3 → 2)", "[batch, 3]", "[4, 5]"]
  ) {
    var dense = try Fixture.dense()
    _ = try dense.forward(Tensor(zeros: [4, 5]))
  },
  BadInput(
    "Dense.forward", "an empty batch", "shapeMismatch", ["Dense(3 → 2)", "[0, 3]"]
  ) {
    var dense = try Fixture.dense()
    _ = try dense.forward(Tensor(zeros: [0, 3]))
  },
  BadInput(
    "Dense.forward", "a vector instead of a batch", "shapeMismatch", ["Dense(3 → 2)", "[3]"]
  ) {
    var dense = try Fixture.dense()
    _ = try dense.forward(Tensor([1, 2, 3]))
  },
  BadInput(
    "Dense.backward", "backward before forward", "backwardBeforeForward",
    ["Dense(3 → 2)", "backward called before forward"]
  ) {
    var dense = try Fixture.dense()
    _ = try dense.backward(Tensor(zeros: [1, 2]))
  },
  BadInput(
    "Dense.backward", "an upstream gradient of the wrong shape", "shapeMismatch",
    ["Dense(3 → 2)", "upstream gradient of shape [4, 2]", "[4, 3]"]
  ) {
    var dense = try Fixture.dense()
    _ = try dense.forward(Tensor(zeros: [4, 3]))
    _ = try dense.backward(Tensor(zeros: [4, 3]))
  },
  BadInput(
    "Add.forward", "one input", "wrongInputCount", ["Add", "at least 2 inputs", "got 1"]
  ) {
    var gate = Add<Double>()
    _ = try gate.forward(inputs: [Tensor([1])])
  },
  BadInput(
    "Add.forward", "shapes that do not broadcast", "incompatibleShapes",
    ["Add", "[2]", "[3]", "do not broadcast"]
  ) {
    var gate = Add<Double>()
    _ = try gate.forward(inputs: [Tensor([1, 2]), Tensor([1, 2, 3])])
  },
  BadInput(
    "Multiply.forward", "shapes that do not broadcast", "incompatibleShapes",
    ["Multiply", "[2, 2]", "[3]"]
  ) {
    var gate = Multiply<Double>()
    _ = try gate.forward(inputs: [Tensor(zeros: [2, 2]), Tensor([1, 2, 3])])
  },
  BadInput(
    "Subtract.forward", "three inputs", "wrongInputCount", ["Subtract", "2 inputs", "got 3"]
  ) {
    var gate = Subtract<Double>()
    _ = try gate.forward(inputs: [Tensor([1]), Tensor([1]), Tensor([1])])
  },
  BadInput(
    "Divide.forward", "no inputs", "wrongInputCount", ["Divide", "2 inputs", "got 0"]
  ) {
    var gate = Divide<Double>()
    _ = try gate.forward(inputs: [])
  },
  BadInput(
    "Max.forward", "shapes that do not broadcast", "incompatibleShapes", ["Max", "[2]", "[3]"]
  ) {
    var gate = Max<Double>()
    _ = try gate.forward(inputs: [Tensor([1, 2]), Tensor([1, 2, 3])])
  },
  BadInput(
    "Max.backward", "backward before forward", "backwardBeforeForward", ["Max"]
  ) {
    var gate = Max<Double>()
    _ = try gate.backward(upstream: Tensor([1]))
  },
  BadInput(
    "MatMul.forward", "inner dimensions that differ", "shapeMismatch",
    ["MatMul", "[2, 3]", "[2, 3]"]
  ) {
    var gate = MatMul<Double>()
    _ = try gate.forward(inputs: [Tensor(zeros: [2, 3]), Tensor(zeros: [2, 3])])
  },
  BadInput(
    "MatMul.backward", "an upstream gradient of the wrong shape", "shapeMismatch",
    ["MatMul", "[2, 4]", "[4, 2]"]
  ) {
    var gate = MatMul<Double>()
    _ = try gate.forward(inputs: [Tensor(zeros: [2, 3]), Tensor(zeros: [3, 4])])
    _ = try gate.backward(upstream: Tensor(zeros: [4, 2]))
  },
  BadInput(
    "ReLU.forward", "two inputs", "wrongInputCount", ["ReLU", "1 input", "got 2"]
  ) {
    var gate = ReLU<Double>()
    _ = try gate.forward(inputs: [Tensor([1]), Tensor([2])])
  },
]

/// Every element-wise gate rejects a backward pass before its forward pass and an upstream
/// gradient of another shape than its output.
let elementwiseGates: [(String, @Sendable () -> any Layer<Double>)] = [
  ("ReLU", { ReLU() }), ("LeakyReLU", { LeakyReLU() }), ("Sigmoid", { Sigmoid() }),
  ("Tanh", { Tanh() }), ("Exp", { Exp() }), ("Log", { Log() }), ("Abs", { Abs() }),
  ("Negate", { Negate() }), ("Reciprocal", { Reciprocal() }), ("Square", { Square() }),
  ("Sin", { Sin() }), ("Scale", { Scale(2) }), ("Sum", { Sum() }),
]

let elementwiseBadInputs: [BadInput] = elementwiseGates.flatMap { name, make in
  [
    BadInput(
      "\(name).backward", "backward before forward", "backwardBeforeForward",
      [name, "backward called before forward"]
    ) {
      var gate = make()
      _ = try gate.backward(Tensor([1, 2]))
    },
    BadInput(
      "\(name).backward", "an upstream gradient of the wrong shape", "shapeMismatch",
      [name, "upstream gradient of shape", "[5]"]
    ) {
      var gate = make()
      _ = try gate.forward(Tensor([1, 2]))
      _ = try gate.backward(Tensor(zeros: [5]))
    },
  ]
}

/// Bad inputs to the composers (GateKitComposers).
let composerBadInputs: [BadInput] = [
  BadInput(
    "Sequential.forward", "a batch the first layer rejects", "shapeMismatch",
    ["Dense(2 → 4)", "[batch, 2]", "[5, 3]"]
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

@Suite("Error catalog: tensors, gates, composers")
struct ErrorCatalogTests {
  @Test(arguments: tensorBadInputs)
  func tensor(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitCore", test: "ErrorCatalogTests.tensor")
  }

  @Test(arguments: gateBadInputs)
  func gate(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitGates", test: "ErrorCatalogTests.gate")
  }

  @Test(arguments: elementwiseBadInputs)
  func elementwiseGate(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitGates", test: "ErrorCatalogTests.elementwiseGate")
  }

  @Test(arguments: composerBadInputs)
  func composer(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitComposers", test: "ErrorCatalogTests.composer")
  }
}

@Suite("Shapes at the edge of Int")
struct EdgeShapeTests {
  /// An empty tensor with rows of `Int.max × 2` elements gathers zero rows (it used to
  /// overflow counting one row).
  @Test func gatheringNoRowsOfAnEmptyTensorIsEmpty() throws {
    let gathered = try Tensor<Double>(zeros: [0, Int.max, 2]).gatherRows([])
    #expect(gathered.shape == [0, Int.max, 2] && gathered.scalarCount == 0)
  }
}
