import GateKitCore
import GateKitTestSupport
import Testing

/// A minimal gate written against the public protocol only: `y = w·x` with one parameter.
private struct ScaleByWeight: Layer {
  var weight = Parameter<Double>(2)
  private var input: Tensor<Double>?
  var description: String { "ScaleByWeight" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    self.input = input
    return try input * weight.value
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let x = try cached(input)
    try validateUpstream(upstream, outputShape: x.shape)
    try weight.gradient += (try upstream * x).sum(toShape: [])
    return try upstream * weight.value
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try visit("weight", &weight)
  }
}

@Suite("The Gate contract and its free helpers")
struct GateContractTests {
  @Test func layerProvidesTheMultiInputForms() throws {
    var gate = ScaleByWeight()
    #expect(gate.acceptedInputCounts == 1...1)
    #expect(try gate.forward(inputs: [Tensor<Double>([3, 4])]) == [6, 8])
    let gradients = try gate.backward(upstream: [1, 1])
    #expect(gradients == [[2, 2]])
    #expect(
      throws: GateKitError.wrongInputCount(gate: "ScaleByWeight", expected: 1...1, actual: 2)
    ) {
      try gate.forward(inputs: [Tensor<Double>(1), Tensor<Double>(2)])
    }
  }

  @Test func backwardBeforeForwardNamesTheGate() {
    var gate = ScaleByWeight()
    #expect(throws: GateKitError.backwardBeforeForward(gate: "ScaleByWeight")) {
      try gate.backward(Tensor<Double>(1))
    }
  }

  @Test func upstreamOfTheWrongShapeNamesTheGate() throws {
    var gate = ScaleByWeight()
    _ = try gate.forward(Tensor<Double>([1, 2]))
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "ScaleByWeight", expected: "upstream gradient of shape [2]", actual: [3])
    ) {
      try gate.backward(Tensor<Double>([1, 2, 3]))
    }
  }

  @Test func parameterGradientsAccumulateUntilZeroed() throws {
    var gate = ScaleByWeight()
    _ = try gate.forward(Tensor<Double>([1, 2]))
    _ = try gate.backward(Tensor<Double>([1, 1]))
    _ = try gate.backward(Tensor<Double>([1, 1]))
    #expect(try gate.parameter(at: "weight").gradient == 6)  // 2 × (1 + 2)
    gate.zeroGradients()
    #expect(try gate.parameter(at: "weight").gradient == 0)
    #expect(gate.parameterCount == 1)
    #expect(gate.parameters.map(\.path) == ["weight"])
    #expect(throws: GateKitError.unknownParameter(path: "bias")) { try gate.parameter(at: "bias") }
  }

  @Test func copyParametersMatchesPathsAndConvertsScalars() throws {
    var source = ScaleByWeight()
    source.weight.value = 0.25
    var target = ScaleByWeight()
    try target.copyParameters(from: source)
    #expect(target.weight.value == 0.25)
  }

  @Test func copyParametersRejectsMismatchedModels() throws {
    var wide = ScaleByWeight()
    wide.weight = Parameter([1, 2])
    var target = ScaleByWeight()
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "copyParameters: weight", expected: "shape []", actual: [2])
    ) {
      try target.copyParameters(from: wide)
    }
  }

  @Test func errorDescriptionsAreOneReadableLine() {
    let errors: [GateKitError] = [
      .shapeMismatch(
        operation: "Dense(64 → 32)", expected: "input of shape [batch, 64]", actual: [32, 63]),
      .wrongInputCount(gate: "Add", expected: 2...Int.max, actual: 1),
      .wrongInputCount(gate: "Subtract", expected: 2...2, actual: 3),
      .backwardBeforeForward(gate: "Sigmoid"),
      .cycle(nodes: ["a", "b"]),
      .unknownNode(name: "q", referencedBy: "v"),
    ]
    #expect(
      errors.map(\.description) == [
        "Dense(64 → 32): expected input of shape [batch, 64], got [32, 63]",
        "Add: expected at least 2 inputs, got 1",
        "Subtract: expected 2 inputs, got 3",
        "Sigmoid: backward called before forward (nothing cached to differentiate)",
        "graph: nodes a, b form a cycle",
        "graph: 'v' refers to 'q', which no input or node defines",
      ])
    #expect(errors.allSatisfy { !$0.description.contains("\n") })
  }
}
