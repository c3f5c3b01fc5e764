import GateKit
import GateKitTestSupport
import Testing

/// The contract every built-in gate keeps, tested on each one.
@Suite("Every built-in gate keeps the Gate contract")
struct GateContractConformanceTests {
  @Test(arguments: GateKind.allCases)
  func backwardBeforeForwardNamesTheGate(kind: GateKind) throws {
    var gate = try kind.make(Double.self)
    #expect(throws: GateKitError.backwardBeforeForward(gate: gate.description)) {
      try gate.backward(upstream: Tensor<Double>(zeros: [2, 3]))
    }
  }

  @Test(arguments: GateKind.allCases)
  func upstreamOfTheWrongShapeNamesTheGate(kind: GateKind) throws {
    var gate = try kind.make(Double.self)
    let output = try gate.forward(inputs: kind.inputs(Double.self))
    let wrong = try Tensor<Double>(zeros: output.shape + [2])
    #expect(throws: GateKitError.self) { try gate.backward(upstream: wrong) }
    do {
      _ = try gate.backward(upstream: wrong)
    } catch let error as GateKitError {
      #expect(error.description.hasPrefix(gate.description), "\(error)")
    }
  }

  @Test(arguments: GateKind.allCases)
  func inputGradientsHaveTheInputsShapes(kind: GateKind) throws {
    var gate = try kind.make(Double.self)
    let inputs = try kind.inputs(Double.self)
    let output = try gate.forward(inputs: inputs)
    let gradients = try gate.backward(upstream: Tensor(repeating: 1, shape: output.shape))
    #expect(gradients.map(\.shape) == inputs.map(\.shape))
  }

  @Test(arguments: GateKind.allCases)
  func wrongInputCountsAreRejected(kind: GateKind) throws {
    var gate = try kind.make(Double.self)
    let inputs = try kind.inputs(Double.self)
    let tooFew = Array(inputs.prefix(gate.acceptedInputCounts.lowerBound - 1))
    #expect(
      throws: GateKitError.wrongInputCount(
        gate: gate.description, expected: gate.acceptedInputCounts, actual: tooFew.count)
    ) {
      try gate.forward(inputs: tooFew)
    }
    if gate.acceptedInputCounts.upperBound < Int.max {
      let tooMany = inputs + [inputs[0]]
      #expect(throws: GateKitError.self) { try gate.forward(inputs: tooMany) }
    }
  }

  /// Backward is linear in the upstream gradient and accumulates parameter gradients.
  @Test(arguments: GateKind.allCases)
  func backwardIsLinearAndParameterGradientsAccumulate(kind: GateKind) throws {
    var gate = try kind.make(Double.self)
    let output = try gate.forward(inputs: kind.inputs(Double.self))
    var generator = SeededGenerator(seed: 8)
    let upstream = try Tensor<Double>.normal(shape: output.shape, using: &generator)
    let once = try gate.backward(upstream: upstream)
    let parametersOnce = gate.parameters.map(\.parameter.gradient)
    let doubled = try gate.backward(upstream: upstream * 2)
    for (a, b) in zip(once, doubled) {
      // Tolerance: the same arithmetic scaled by 2, exact up to rounding.
      #expect(maxDifference(a * 2, b) < 1e-12)
    }
    // After upstream and 2·upstream the parameter gradients hold 3× the first pass.
    for (first, total) in zip(parametersOnce, gate.parameters.map(\.parameter.gradient)) {
      #expect(maxDifference(first * 3, total) < 1e-12)
    }
    gate.zeroGradients()
    #expect(gate.parameters.allSatisfy { $0.parameter.gradient.scalars.allSatisfy { $0 == 0 } })
  }

  /// A `Float` gate and a `Double` gate agree on outputs and gradients.
  @Test(arguments: GateKind.allCases)
  func floatAndDoubleAgree(kind: GateKind) throws {
    var single = try kind.make(Float.self)
    var double = try kind.make(Double.self)
    let y32 = try single.forward(inputs: kind.inputs(Float.self))
    let y64 = try double.forward(inputs: kind.inputs(Double.self))
    // Tolerance: float32 rounding (ε ≈ 6e-8) on values of magnitude ≤ ~10.
    #expect(maxDifference(Tensor<Double>(y32), y64) < 1e-5)
    let g32 = try single.backward(upstream: Tensor(repeating: 1, shape: y32.shape))
    let g64 = try double.backward(upstream: Tensor(repeating: 1, shape: y64.shape))
    for (a, b) in zip(g32, g64) { #expect(maxDifference(Tensor<Double>(a), b) < 1e-5) }
  }

  @Test(arguments: GateKind.allCases)
  func descriptionIsOneLine(kind: GateKind) throws {
    let description = try kind.make(Float.self).description
    #expect(!description.isEmpty && !description.contains("\n"))
  }
}
