import GateKit
import Testing

/// What an optimizer remembers between steps: the step count and the state tensors keyed
/// `<path>.<slot>`, kept per parameter, copied with the optimizer and restorable.
@Suite("Optimizer state is counted, keyed by path, per parameter and restorable")
struct OptimizerStateTests {
  @Test(arguments: Rule.allCases)
  func stepCountsUpdates(rule: Rule) throws {
    var optimizer = try rule.make(Double.self)
    #expect(optimizer.state.step == 0)
    _ = try trajectory(of: &optimizer, gradients: gradients)
    #expect(optimizer.state.step == 3)
  }

  @Test(arguments: Rule.allCases)
  func stateTensorsAreKeyedByPathAndSlot(rule: Rule) throws {
    var optimizer = try rule.make(Double.self)
    var gate = Weights<Double>(weight: [1, 2], bias: 0.5)
    gate.weight.gradient = [0.5, -0.25]
    gate.bias?.gradient = 1
    try optimizer.update(&gate)
    let expected = Set(rule.slots.flatMap { ["weight.\($0)", "bias.\($0)"] })
    #expect(Set(optimizer.state.tensors.keys) == expected)
    for (key, tensor) in optimizer.state.tensors {
      #expect(tensor.shape == (key.hasPrefix("weight.") ? [2] : []), "\(key)")
    }
  }

  @Test func nestedParametersAreKeyedByTheirFullPath() throws {
    var sgd = try SGD<Double>(learningRate: 0.1, momentum: 0.9)
    var model = Sequential<Double>([Weights<Double>(1), Weights<Double>(2)])
    model.visitParameters { _, parameter in parameter.gradient = 0.5 }
    try sgd.update(&model)
    #expect(
      Set(sgd.state.tensors.keys) == ["layers.0.weight.momentum", "layers.1.weight.momentum"])
  }

  @Test(arguments: Rule.allCases)
  func eachParameterKeepsItsOwnState(rule: Rule) throws {
    // Two parameters stepped together must move exactly as each would alone: the same
    // operations on the same numbers, so bit for bit.
    let biasGradients = [-1.0, 2.0, 0.25]
    var together = try rule.make(Double.self)
    var gate = Weights<Double>(weight: 1, bias: 3)
    var weights: [Double] = []
    var biases: [Double] = []
    for (g, b) in zip(gradients, biasGradients) {
      gate.weight.gradient = Tensor(g)
      gate.bias?.gradient = Tensor(b)
      try together.update(&gate)
      weights.append(try #require(gate.weight.value.scalars.first))
      biases.append(try #require(gate.bias?.value.scalars.first))
    }
    var weightAlone = try rule.make(Double.self)
    var biasAlone = try rule.make(Double.self)
    #expect(weights == (try trajectory(of: &weightAlone, gradients: gradients, from: 1)))
    #expect(biases == (try trajectory(of: &biasAlone, gradients: biasGradients, from: 3)))
  }

  @Test(arguments: Rule.allCases)
  func copyingAnOptimizerCopiesItsState(rule: Rule) throws {
    var original = try rule.make(Double.self)
    _ = try trajectory(of: &original, gradients: [0.5])
    let saved = original.state
    var copy = original
    _ = try trajectory(of: &copy, gradients: [-0.25, 1.0])
    // Stepping the copy leaves the original's state as it was: value semantics.
    #expect(original.state == saved)
    #expect(copy.state.step == 3)
    #expect(original.state.step == 1)
    if !rule.slots.isEmpty { #expect(copy.state != saved) }
  }

  @Test(arguments: Rule.allCases)
  func restoredStateContinuesBitForBit(rule: Rule) throws {
    let more = [0.75, -2.0, 0.125]
    var uninterrupted = try rule.make(Double.self)
    var gate = Weights<Double>(1)
    let expected = try trajectory(of: &uninterrupted, on: &gate, gradients: gradients + more)

    var first = try rule.make(Double.self)
    var resumedGate = Weights<Double>(1)
    _ = try trajectory(of: &first, on: &resumedGate, gradients: gradients)
    let saved = first.state
    var resumed = try rule.make(Double.self)
    resumed.state = saved
    let continued = try trajectory(of: &resumed, on: &resumedGate, gradients: more)

    // Exact equality: resuming must not change a single bit.
    #expect(continued == Array(expected.suffix(3)))
    #expect(resumed.state == uninterrupted.state)
  }

  @Test(arguments: [
    (Rule.sgdWithMomentum, "momentum"), (.adam, "firstMoment"), (.adam, "secondMoment"),
    (.adamW, "secondMoment"), (.rmsProp, "squareAverage"), (.centeredRMSProp, "gradientAverage"),
    (.rmsPropWithMomentum, "momentum"), (.adaGrad, "sumOfSquares"),
  ])
  func stateTensorOfTheWrongShapeThrows(rule: Rule, slot: String) throws {
    var optimizer = try rule.make(Double.self)
    _ = try trajectory(of: &optimizer, gradients: [0.5])
    optimizer.state.set([1, 2, 3], slot, for: "weight")  // the weight is a scalar
    var gate = Weights<Double>(1)
    gate.weight.gradient = 0.5
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "optimizer state weight.\(slot)", expected: "the parameter's shape []",
        actual: [3])
    ) {
      try optimizer.update(&gate)
    }
  }

  @Test func stateReturnsZerosForASlotNotYetWritten() throws {
    var state = OptimizerState<Double>()
    let parameter = Parameter<Double>([1, 2, 3])
    #expect(!state.contains("momentum", for: "weight"))
    #expect(try state.tensor("momentum", for: "weight", like: parameter) == [0, 0, 0])
    state.set([4, 5, 6], "momentum", for: "weight")
    #expect(state.contains("momentum", for: "weight"))
    #expect(state.tensors["weight.momentum"] == [4, 5, 6])
    #expect(try state.tensor("momentum", for: "weight", like: parameter) == [4, 5, 6])
    #expect(!state.contains("momentum", for: "bias"))
  }
}
