import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitLosses: every row is a bad input to a public entry point that
// must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same
// rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad inputs to the losses (GateKitLosses).
let lossBadInputs: [BadInput] = [
  BadInput(
    "MeanSquaredError.forward", "a target of another shape", "shapeMismatch",
    ["MeanSquaredError(mean)", "[4, 2]", "[4, 3]"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss(Tensor(zeros: [4, 2]), Tensor(zeros: [4, 3]))
  },
  BadInput(
    "MeanSquaredError.forward", "an empty batch", "invalidArgument",
    ["MeanSquaredError(mean)", "empty batch", "[0, 2]"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss(Tensor(zeros: [0, 2]), Tensor(zeros: [0, 2]))
  },
  BadInput(
    "MeanSquaredError(reduction:scale:)", "a NaN scale", "invalidArgument",
    ["MeanSquaredError(mean)", "scale", "nan"]
  ) {
    _ = try MeanSquaredError<Double>(scale: .nan)
  },
  BadInput(
    "MeanSquaredError.forward", "one input", "wrongInputCount",
    ["MeanSquaredError(mean)", "2 inputs", "got 1"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss.forward(inputs: [Tensor([1])])
  },
  BadInput(
    "MeanSquaredError.backward", "backward before forward", "backwardBeforeForward",
    ["MeanSquaredError(mean)"]
  ) {
    var loss = MeanSquaredError<Double>()
    _ = try loss.backward()
  },
  BadInput(
    "MeanAbsoluteError.forward", "a target of another shape", "shapeMismatch",
    ["MeanAbsoluteError", "[3]", "[2]"]
  ) {
    var loss = MeanAbsoluteError<Double>()
    _ = try loss(Tensor([1, 2, 3]), Tensor([1, 2]))
  },
  BadInput(
    "HuberLoss(delta:)", "a zero delta", "invalidArgument", ["HuberLoss", "delta", "0.0"]
  ) { _ = try HuberLoss<Double>(delta: 0) },
  BadInput(
    "HuberLoss(delta:)", "a NaN delta", "invalidArgument", ["HuberLoss", "nan"]
  ) { _ = try HuberLoss<Double>(delta: .nan) },
  BadInput(
    "BinaryCrossEntropy(epsilon:)", "epsilon ≥ 0.5", "invalidArgument",
    ["BinaryCrossEntropy", "epsilon", "0.5"]
  ) { _ = try BinaryCrossEntropy<Double>(epsilon: 0.5) },
  BadInput(
    "BinaryCrossEntropy.forward", "a target of another shape", "shapeMismatch",
    ["BinaryCrossEntropy(mean)", "[2]", "[3]"]
  ) {
    var loss = try BinaryCrossEntropy<Double>()
    _ = try loss(Tensor([0.5, 0.5]), Tensor([1, 0, 1]))
  },
  BadInput(
    "BinaryCrossEntropyWithLogits.forward", "an empty batch", "invalidArgument",
    ["BinaryCrossEntropyWithLogits", "empty batch"]
  ) {
    var loss = BinaryCrossEntropyWithLogits<Double>()
    _ = try loss(Tensor([]), Tensor([]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a label out of range", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 3.0 of example 1", "0..<3"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 3]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a negative label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label -1.0 of example 0"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([-1, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a fractional label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label 0.5"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0.5, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "a NaN label", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "label nan"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([.nan, 0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "labels for another batch size", "shapeMismatch",
    ["SoftmaxCrossEntropy(mean)", "[2]", "[3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 1, 2]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "logits that are not a matrix", "shapeMismatch",
    ["SoftmaxCrossEntropy(mean)", "[batch, classes]", "[3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor([1, 2, 3]), Tensor([0]))
  },
  BadInput(
    "SoftmaxCrossEntropy.forward", "an empty batch", "invalidArgument",
    ["SoftmaxCrossEntropy(mean)", "empty batch", "[0, 3]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [0, 3]), Tensor([]))
  },
  BadInput(
    "SoftmaxCrossEntropy.backward", "an upstream gradient that is not a scalar",
    "shapeMismatch", ["SoftmaxCrossEntropy(mean)", "upstream gradient of shape []", "[2]"]
  ) {
    var loss = SoftmaxCrossEntropy<Double>()
    _ = try loss(Tensor(zeros: [2, 3]), Tensor([0, 1]))
    _ = try loss.backward(upstream: Tensor([1, 1]))
  },
  BadInput(
    "NegativeLogLikelihood.forward", "a label out of range", "invalidArgument",
    ["NegativeLogLikelihood(mean)", "label 7.0 of example 0", "0..<3"]
  ) {
    var loss = NegativeLogLikelihood<Double>()
    _ = try loss(Tensor(zeros: [1, 3]), Tensor([7]))
  },
  BadInput(
    "NegativeLogLikelihood.forward", "a model without classes ([2, 0])", "invalidArgument",
    ["NegativeLogLikelihood(mean)", "empty batch"]
  ) {
    var loss = NegativeLogLikelihood<Double>()
    _ = try loss(Tensor(zeros: [2, 0]), Tensor([0, 0]))
  },
]

@Suite("Error catalog: losses")
struct ErrorCatalogTests {
  @Test(arguments: lossBadInputs)
  func loss(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitLosses", test: "ErrorCatalogTests.loss")
  }
}
