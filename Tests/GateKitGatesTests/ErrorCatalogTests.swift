import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitGates: every row is a bad input to a public entry point that
// must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same
// rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad inputs to the built-in gates (GateKitGates).
let gateBadInputs: [BadInput] = [
  BadInput("Scale(_:)", "a NaN factor", "invalidArgument", ["Scale", "finite", "nan"]) {
    _ = try Scale<Double>(.nan)
  },
  BadInput("Scale(_:)", "an infinite factor", "invalidArgument", ["Scale", "finite", "inf"]) {
    _ = try Scale<Float>(.infinity)
  },
  BadInput("LeakyReLU(slope:)", "a NaN slope", "invalidArgument", ["LeakyReLU", "finite", "nan"]) {
    _ = try LeakyReLU<Double>(slope: .nan)
  },
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
let elementwiseGates: [(String, @Sendable () throws -> any Layer<Double>)] = [
  ("ReLU", { ReLU() }), ("LeakyReLU", { LeakyReLU() }), ("Sigmoid", { Sigmoid() }),
  ("Tanh", { Tanh() }), ("Exp", { Exp() }), ("Log", { Log() }), ("Abs", { Abs() }),
  ("Negate", { Negate() }), ("Reciprocal", { Reciprocal() }), ("Square", { Square() }),
  ("Sin", { Sin() }), ("Scale", { try Scale(2) }), ("Sum", { Sum() }),
]

let elementwiseBadInputs: [BadInput] = elementwiseGates.flatMap { name, make in
  [
    BadInput(
      "\(name).backward", "backward before forward", "backwardBeforeForward",
      [name, "backward called before forward"]
    ) {
      var gate = try make()
      _ = try gate.backward(Tensor([1, 2]))
    },
    BadInput(
      "\(name).backward", "an upstream gradient of the wrong shape", "shapeMismatch",
      [name, "upstream gradient of shape", "[5]"]
    ) {
      var gate = try make()
      _ = try gate.forward(Tensor([1, 2]))
      _ = try gate.backward(Tensor(zeros: [5]))
    },
  ]
}

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: gates")
struct ErrorCatalogTests {
  @Test(arguments: gateBadInputs)
  func gate(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitGates", test: "ErrorCatalogTests.gate")
  }

  @Test(arguments: elementwiseBadInputs)
  func elementwiseGate(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitGates", test: "ErrorCatalogTests.elementwiseGate")
  }
}
