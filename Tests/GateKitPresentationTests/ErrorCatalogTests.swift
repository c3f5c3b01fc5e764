import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitPresentation: every row is a bad input to a public entry point
// that must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the
// same rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad inputs to the writers (GateKitPresentation).
let presentationBadInputs: [BadInput] = [
  BadInput(
    "Gate.summary(inputShape:)", "an input shape the model rejects", "shapeMismatch",
    ["Dense(3 → 2)", "[batch, 3]", "[8, 4]"]
  ) { _ = try Fixture.dense().summary(inputShape: [8, 4]) }
]

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: presentation")
struct ErrorCatalogTests {
  @Test(arguments: presentationBadInputs)
  func presentation(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitPresentation", test: "ErrorCatalogTests.presentation")
  }
}
