import GateKitCore
import GateKitGates
import GateKitInitializers
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitInitializers: every row is a bad input to a public entry point
// that must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the
// same rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad shapes and settings of the initializers (GateKitInitializers).
let initializerBadInputs: [BadInput] = [
  BadInput(
    "VarianceScaling.makeTensor", "an empty fan-in (He initialization, shape [0, 3])",
    "invalidArgument", ["varianceScaling", "[0, 3]"]
  ) { try make(.heNormal, [0, 3]) },
  BadInput(
    "VarianceScaling.makeTensor", "a shape whose fans overflow Int", "invalidShape",
    ["varianceScaling", "too many scalars"]
  ) { try make(.glorotUniform, [Int.max, Int.max]) },
  BadInput(
    "VarianceScaling.makeTensor", "a negative dimension", "invalidShape",
    ["varianceScaling", "negative"]
  ) { try make(.heNormal, [-2, 3]) },
  BadInput(
    "VarianceScaling.makeTensor", "a negative scale", "invalidArgument",
    ["varianceScaling(-1.0", "positive scale"]
  ) { try make(VarianceScaling(scale: -1, mode: .fanIn, distribution: .normal), [2, 2]) },
  BadInput(
    "RandomNormal.makeTensor", "a negative standard deviation", "invalidArgument",
    ["Tensor.normal", "-2.0"]
  ) { try make(.normal(standardDeviation: -2), [2]) },
  BadInput(
    "RandomUniform.makeTensor", "low > high", "invalidArgument", ["Tensor.uniform", "low ≤ high"]
  ) { try make(.uniform(low: 1, high: -1), [2]) },
  BadInput(
    "Constant.makeTensor", "a NaN value", "invalidArgument", ["constant(nan)", "finite"]
  ) { try make(.constant(.nan), [2]) },
  BadInput(
    "Constant.makeTensor", "an overflowing shape", "invalidShape", ["too many scalars"]
  ) { try make(.zeros, [Int.max, 3]) },
  BadInput(
    "Orthogonal.makeTensor", "a vector shape", "invalidArgument", ["orthogonal", "rank ≥ 2"]
  ) { try make(.orthogonal(), [4]) },
  BadInput(
    "Orthogonal.makeTensor", "an infinite gain", "invalidArgument", ["orthogonal", "finite gain"]
  ) { try make(.orthogonal(gain: .infinity), [2, 2]) },
  BadInput(
    "Dense(_:_:weightInitializer:)", "an initializer that cannot fill the shape",
    "invalidArgument", ["Tensor.normal"]
  ) {
    var generator = SeededGenerator(seed: 0)
    _ = try Dense<Double>(
      2, 2, weightInitializer: .normal(standardDeviation: .nan), using: &generator)
  },
]

/// Draws a `Double` tensor of `shape` from `initializer`.
private func make(_ initializer: some Initializer, _ shape: [Int]) throws {
  var generator = SeededGenerator(seed: 0)
  let _: Tensor<Double> = try initializer.makeTensor(shape: shape, using: &generator)
}

@Suite("Error catalog: initializers")
struct ErrorCatalogTests {
  @Test(arguments: initializerBadInputs)
  func initializer(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitInitializers", test: "ErrorCatalogTests.initializer")
  }

  /// Fans of an absurd shape saturate instead of trapping on overflow.
  @Test func fansSaturate() {
    #expect(Fans(shape: [Int.max, Int.max, 3]).fanIn == Int.max)
    #expect(Fans(shape: [Int.max, 3, -2, 2]).fanIn == Int.min)
  }
}
