import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitOptimizers: every row is a bad input to a public entry point
// that must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the
// same rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad hyperparameters and states of the optimizers (GateKitOptimizers).
let optimizerBadInputs: [BadInput] = [
  BadInput(
    "SGD(learningRate:)", "a negative learning rate", "invalidArgument",
    ["SGD", "learning rate", "-0.1"]
  ) { _ = try SGD<Double>(learningRate: -0.1) },
  BadInput(
    "SGD(learningRate:)", "a NaN learning rate", "invalidArgument", ["SGD", "nan"]
  ) { _ = try SGD<Double>(learningRate: .nan) },
  BadInput(
    "SGD(momentum:)", "momentum 1", "invalidArgument", ["SGD", "momentum", "[0.0, 1.0)"]
  ) { _ = try SGD<Double>(learningRate: 0.1, momentum: 1) },
  BadInput(
    "SGD(nesterov:)", "Nesterov without momentum", "invalidArgument", ["SGD", "esterov"]
  ) { _ = try SGD<Double>(learningRate: 0.1, nesterov: true) },
  BadInput(
    "SGD(weightDecay:)", "a negative weight decay", "invalidArgument",
    ["SGD", "weight decay", "-1.0"]
  ) { _ = try SGD<Double>(learningRate: 0.1, weightDecay: -1) },
  BadInput(
    "Adam(beta1:)", "β₁ = 1", "invalidArgument", ["Adam", "beta1", "1.0"]
  ) { _ = try Adam<Double>(beta1: 1) },
  BadInput(
    "Adam(beta2:)", "β₂ > 1", "invalidArgument", ["Adam", "beta2", "1.5"]
  ) { _ = try Adam<Double>(beta2: 1.5) },
  BadInput(
    "Adam(epsilon:)", "a zero epsilon", "invalidArgument", ["Adam", "epsilon"]
  ) { _ = try Adam<Double>(epsilon: 0) },
  BadInput(
    "AdamW(learningRate:)", "an infinite learning rate", "invalidArgument", ["AdamW", "inf"]
  ) { _ = try AdamW<Double>(learningRate: .infinity) },
  BadInput(
    "RMSProp(alpha:)", "α = 1", "invalidArgument", ["RMSProp", "alpha"]
  ) { _ = try RMSProp<Double>(alpha: 1) },
  BadInput(
    "AdaGrad(learningRateDecay:)", "a negative decay", "invalidArgument",
    ["AdaGrad", "learning-rate decay"]
  ) { _ = try AdaGrad<Double>(learningRateDecay: -1) },
  BadInput(
    "Optimizer.update", "a learning rate set negative after construction", "invalidArgument",
    ["SGD", "learning rate must be finite and ≥ 0", "-1.0"]
  ) {
    var optimizer = try SGD<Double>(learningRate: 0.1)
    optimizer.learningRate = -1
    var model = try Fixture.dense()
    try optimizer.update(&model)
  },
  BadInput(
    "Optimizer.update", "a gradient of another shape than its parameter", "shapeMismatch",
    ["at weight", "[3, 2]", "[2]"]
  ) {
    var optimizer = try SGD<Double>(learningRate: 0.1)
    var model = try Fixture.dense()
    model.weight.gradient = Tensor([1, 2])
    try optimizer.update(&model)
  },
  BadInput(
    "Optimizer.update", "state of another model (shapes differ)", "shapeMismatch",
    ["weight", "[3, 2]", "[4, 2]"]
  ) {
    var optimizer = try Adam<Double>()
    var other = try Fixture.dense(4, 2)
    try optimizer.update(&other)
    var model = try Fixture.dense()
    try optimizer.update(&model)
  },
  BadInput(
    "StepDecay(stepSize:)", "a zero step size", "invalidArgument", ["StepDecay", "stepSize", "0"]
  ) { _ = try StepDecay(stepSize: 0) },
  BadInput(
    "StepDecay(gamma:)", "γ > 1", "invalidArgument", ["StepDecay", "gamma", "2.0"]
  ) { _ = try StepDecay(stepSize: 1, gamma: 2) },
  BadInput(
    "ExponentialDecay(gamma:)", "γ = 0", "invalidArgument", ["ExponentialDecay", "gamma"]
  ) { _ = try ExponentialDecay(gamma: 0) },
  BadInput(
    "CosineDecay(totalSteps:)", "zero total steps", "invalidArgument", ["CosineDecay"]
  ) { _ = try CosineDecay(totalSteps: 0) },
  BadInput(
    "CosineDecay(warmupSteps:)", "warm-up as long as the schedule", "invalidArgument",
    ["CosineDecay"]
  ) { _ = try CosineDecay(totalSteps: 5, warmupSteps: 5) },
  BadInput(
    "Gate.clipGradients(maxNorm:)", "a zero norm", "invalidArgument", ["0.0"]
  ) {
    var model = try Fixture.dense()
    _ = try model.clipGradients(maxNorm: 0)
  },
  BadInput(
    "Gate.clipGradients(maxNorm:)", "a NaN norm", "invalidArgument", ["nan"]
  ) {
    var model = try Fixture.dense()
    _ = try model.clipGradients(maxNorm: .nan)
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: optimizers")
struct ErrorCatalogTests {
  @Test(arguments: optimizerBadInputs)
  func optimizer(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitOptimizers", test: "ErrorCatalogTests.optimizer")
  }
}
