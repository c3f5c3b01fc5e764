import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitChecking: every row is a bad input to a public entry point that
// must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the same
// rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad settings and inputs of the gradient checker (GateKitChecking).
let checkingBadInputs: [BadInput] = [
  BadInput(
    "GradientChecker.check", "a zero step", "invalidArgument",
    ["GradientChecker", "step", "0.0"]
  ) { _ = try GradientChecker(step: 0).check(Sigmoid<Double>(), inputs: [Tensor([1, 2])]) },
  BadInput(
    "GradientChecker.check", "a NaN tolerance", "invalidArgument",
    ["GradientChecker", "tolerance", "nan"]
  ) {
    _ = try GradientChecker(tolerance: .nan).check(
      Sigmoid<Double>(), inputs: [Tensor([1])], upstream: Tensor([1]))
  },
  BadInput(
    "GradientChecker.check", "inputs the gate rejects", "shapeMismatch",
    ["Dense(3 → 2)", "[2, 4]"]
  ) { _ = try GradientChecker().check(Fixture.dense(), inputs: [Tensor(zeros: [2, 4])]) },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: gradient checking")
struct ErrorCatalogTests {
  @Test(arguments: checkingBadInputs)
  func checking(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitChecking", test: "ErrorCatalogTests.checking")
  }
}
