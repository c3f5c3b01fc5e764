import GateKit
import GateKitTestSupport
import Testing

@Suite("Sequential")
struct SequentialTests {
  private func mlp(seed: UInt64 = 1) throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: seed)
    return try Sequential {
      try Dense(3, 4, using: &generator)
      Tanh()
      try Dense(4, 2, using: &generator)
      Sigmoid()
    }
  }

  @Test func forwardAndBackwardEqualTheLayersRunByHand() throws {
    var model = try mlp()
    var layers = model.layers
    var generator = SeededGenerator(seed: 2)
    let x = try Tensor<Double>.normal(shape: [5, 3], using: &generator)
    let dy = try Tensor<Double>.normal(shape: [5, 2], using: &generator)

    var h = x
    for i in layers.indices { h = try layers[i].forward(h) }
    var g = dy
    for i in layers.indices.reversed() { g = try layers[i].backward(g) }

    #expect(try model.forward(x) == h)
    #expect(try model.backward(dy) == g)
    let byHand = Sequential(layers).parameters.map(\.parameter.gradient)
    #expect(model.parameters.map(\.parameter.gradient).elementsEqual(byHand))
  }

  @Test func parametersArePathedByLayerIndexAndNest() throws {
    var generator = SeededGenerator(seed: 3)
    let model = try Sequential<Float> {
      try Dense(2, 3, using: &generator)
      ReLU()
      try Sequential {
        try Dense(3, 3, using: &generator)
        Tanh()
      }
    }
    #expect(
      model.parameters.map(\.path) == [
        "layers.0.weight", "layers.0.bias", "layers.2.layers.0.weight", "layers.2.layers.0.bias",
      ])
    #expect(model.parameterCount == 2 * 3 + 3 + 3 * 3 + 3)
  }

  @Test func descriptionIsNumbered() throws {
    var generator = SeededGenerator(seed: 3)
    let model = try Sequential<Float> {
      try Dense(64, 32, using: &generator)
      ReLU()
      try Dense(32, 10, using: &generator)
    }
    #expect(model.description == "Sequential(0: Dense(64 → 32), 1: ReLU, 2: Dense(32 → 10))")
  }

  @Test func builderSupportsConditionsAndLoops() throws {
    var generator = SeededGenerator(seed: 4)
    let withDropoutOfTanh = false
    let model = try Sequential<Double> {
      for _ in 0..<3 {
        try Dense(2, 2, using: &generator)
        if withDropoutOfTanh { Tanh() } else { ReLU() }
      }
      if true { Sigmoid() }
    }
    #expect(model.layers.count == 7)
    #expect(model.layers.map(\.description).suffix(2) == ["ReLU", "Sigmoid"])
  }

  @Test func gradientCheckPassesForAnMLP() throws {
    var generator = SeededGenerator(seed: 5)
    let x = try Tensor<Double>.normal(shape: [4, 3], using: &generator)
    let report = try GradientChecker().check(try mlp(), inputs: [x])
    // Tolerance: the checker's default 1e-7 (centered differences in Double).
    #expect(report.passed, "\(report.table)")
    #expect(
      report.entries.map(\.name) == [
        "input 0", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
      ])
  }

  @Test func errorsInsideNameTheFailingLayer() throws {
    var model = try mlp()
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "layers.0 (Dense(3 → 4))", expected: "input of shape [batch, 3]",
        actual: [2, 5])
    ) {
      try model.forward(try Tensor<Double>(zeros: [2, 5]))
    }
    #expect(
      GateKitError.shapeMismatch(
        operation: "layers.0 (Dense(3 → 4))", expected: "input of shape [batch, 3]",
        actual: [2, 5]
      ).description == "layers.0 (Dense(3 → 4)): expected input of shape [batch, 3], got [2, 5]")
  }

  @Test func nestedCompositionsJoinThePaths() throws {
    var generator = SeededGenerator(seed: 2)
    let inner = try Sequential<Double> {
      Tanh()
      try Dense(5, 2, using: &generator)
    }
    var outer = Sequential<Double>([try Dense(4, 3, using: &generator), inner])
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "layers.1.layers.1 (Dense(5 → 2))", expected: "input of shape [batch, 5]",
        actual: [1, 3])
    ) { try outer.forward(try Tensor(zeros: [1, 4])) }
    // A composite's own error names it once, at its path.
    let own = GateKitError.backwardBeforeForward(gate: "Sequential(0: Tanh)")
    #expect(
      own.located(atPath: "layers.1", child: "Sequential(0: Tanh)", isComposite: true)
        == .backwardBeforeForward(gate: "layers.1 (Sequential(0: Tanh))"))
    // An operation inside a gate keeps its own name after the gate's.
    let error = GateKitError.incompatibleShapes(operation: "tensor +", shapes: [[2], [3]])
    #expect(
      error.located(atPath: "layers.2", child: "MyGate", isComposite: false).description
        == "layers.2 (MyGate): tensor +: shapes [2] and [3] do not broadcast")
    // Errors that name no operation are unchanged.
    #expect(
      GateKitError.missingInput(name: "x").located(atPath: "h", child: "Add", isComposite: false)
        == .missingInput(name: "x"))
  }

  @Test func backwardBeforeForwardIsAnError() throws {
    var model = try mlp()
    #expect(throws: GateKitError.self) { try model.backward(try Tensor<Double>(zeros: [1, 2])) }
    var empty = Sequential<Double>([])
    #expect(throws: GateKitError.backwardBeforeForward(gate: "Sequential()")) {
      try empty.backward(Tensor<Double>(1))
    }
    #expect(try empty.forward([1, 2]) == [1, 2], "an empty Sequential is the identity")
    #expect(try empty.backward([3, 4]) == [3, 4])
  }

  @Test func copiesAreIndependentValues() throws {
    var model = try mlp()
    let snapshot = model
    model.visitParameters { _, parameter in parameter.value = Tensor(zerosLike: parameter.value) }
    #expect(snapshot.parameters.contains { $0.parameter.value.scalars.contains { $0 != 0 } })
    #expect(model.parameters.allSatisfy { $0.parameter.value.scalars.allSatisfy { $0 == 0 } })
  }

  /// A model meant for Float training is checked in Double: the same generic builder for
  /// both types, then the Float values copied over by path.
  @Test func aFloatModelIsCheckedInDouble() throws {
    func makeModel<Scalar: TensorScalar>(_: Scalar.Type) throws -> Sequential<Scalar> {
      var generator = SeededGenerator(seed: 6)
      return try Sequential {
        try Dense(3, 5, using: &generator)
        LeakyReLU()
        try Dense(5, 1, using: &generator)
      }
    }
    var trained = try makeModel(Float.self)
    trained.visitParameters { _, parameter in parameter.value = parameter.value.map { $0 * 1.5 } }
    var checked = try makeModel(Double.self)
    try checked.copyParameters(from: trained)
    #expect(
      try checked.parameter(at: "layers.2.weight").value
        == Tensor(trained.parameter(at: "layers.2.weight").value))
    var generator = SeededGenerator(seed: 7)
    let x = try Tensor<Double>.normal(shape: [4, 3], using: &generator)
    #expect(try GradientChecker().check(checked, inputs: [x]).passed)
  }

  @Test func aModelIsCalledLikeAFunction() throws {
    var model = try mlp()
    var same = try mlp()
    let x = try Tensor<Double>(rows: [[1, 2, 3], [-1, 0, 0.5]])
    #expect(try model(x) == same.forward(x))
    // The call ran a real forward pass: backward works after it.
    #expect(try model.backward(Tensor(repeating: 1, shape: [2, 2])).shape == [2, 3])
    var sigmoid = Sigmoid<Double>()
    #expect(try sigmoid(Tensor(0)) == Tensor(0.5))
  }
}
