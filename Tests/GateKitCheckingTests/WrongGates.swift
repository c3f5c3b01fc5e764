import GateKit

/// A sigmoid whose backward forgets the `(1 − σ)` factor.
struct SigmoidMissingFactor: Layer {
  private var output: Tensor<Double>?
  var description: String { "SigmoidMissingFactor" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    let y = input.applying(.sigmoid)
    output = y
    return y
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(output)  // wrong: should be y(1 − y)
  }
}

/// A dense layer whose weight gradient has the wrong sign, while its input and bias
/// gradients are right.
struct DenseWithWrongWeightSign: Layer {
  var inner: Dense<Double>
  var description: String { "DenseWithWrongWeightSign" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input)
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let before = inner.weight.gradient
    let dx = try inner.backward(upstream)
    let added = try inner.weight.gradient - before
    inner.weight.gradient = try before - added  // wrong sign on dW only
    return dx
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters(visit)
  }
}

/// A multiply gate that ignores the upstream gradient (returns the local gradient alone).
struct MultiplyIgnoringUpstream: Gate {
  private var inputs: [Tensor<Double>]?
  var description: String { "MultiplyIgnoringUpstream" }

  mutating func forward(inputs: [Tensor<Double>]) throws -> Tensor<Double> {
    self.inputs = inputs
    return try inputs[0] * inputs[1]
  }

  mutating func backward(upstream: Tensor<Double>) throws -> [Tensor<Double>] {
    let xs = try cached(inputs)
    return [xs[1], xs[0]]  // wrong: missing "· upstream"
  }
}

/// A gate whose backward returns a gradient of the wrong shape.
struct WrongShapeGradient: Layer {
  var description: String { "WrongShapeGradient" }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> { input }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream.sum(toShape: [])
  }
}

/// A gate whose parameter gradient is left at the wrong shape.
struct WrongShapeParameterGradient: Layer {
  var weight = Parameter<Double>([1, 2])
  var description: String { "WrongShapeParameterGradient" }
  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> { input }
  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    weight.gradient = 0  // wrong: a scalar for a vector parameter
    return upstream
  }
  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try visit("weight", &weight)
  }
}

/// A tanh whose backward has the wrong sign: `−dy·(1 − y²)`.
struct TanhWithWrongSign: Layer {
  private var output: Tensor<Double>?
  var description: String { "TanhWithWrongSign" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    let y = input.applying(.tanh)
    output = y
    return y
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let y = try cached(output)
    return try upstream * y.map { $0 * $0 - 1 }  // wrong: should be 1 − y²
  }
}

/// An addition `a + b` with `b` broadcast along the rows, whose backward forgets to sum
/// `b`'s gradient over the broadcast dimension and takes the first row instead.
struct AddForgettingReduction: Gate {
  private var shapes: [[Int]]?
  var description: String { "AddForgettingReduction" }

  mutating func forward(inputs: [Tensor<Double>]) throws -> Tensor<Double> {
    shapes = inputs.map(\.shape)
    return try inputs[0] + inputs[1]
  }

  mutating func backward(upstream: Tensor<Double>) throws -> [Tensor<Double>] {
    let shapes = try cached(shapes)
    let firstRow = try Tensor(
      shape: shapes[1], scalars: Array(upstream.scalars.prefix(shapes[1][0])))
    return [upstream, firstRow]  // wrong: should be upstream.sum(toShape: shapes[1])
  }
}

/// A dense layer that overwrites its parameter gradients instead of adding to them.
struct DenseOverwritingGradients: Layer {
  var inner: Dense<Double>
  var description: String { "DenseOverwritingGradients" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input)
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    inner.zeroGradients()  // wrong: forgets what earlier backward calls accumulated
    return try inner.backward(upstream)
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters(visit)
  }
}

/// A dense layer with a square weight whose gradient is transposed: `(xᵀ·dy)ᵀ`.
struct DenseWithTransposedWeightGradient: Layer {
  var inner: Dense<Double>
  var description: String { "DenseWithTransposedWeightGradient" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input)
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let before = inner.weight.gradient
    let dx = try inner.backward(upstream)
    let added = try inner.weight.gradient - before
    inner.weight.gradient = try before + added.transposed()  // wrong: transposed
    return dx
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters(visit)
  }
}

/// `max(a, b)` (same shapes) whose backward routes the gradient to the smaller input.
struct MaxRoutingToTheLoser: Gate {
  private var inputs: [Tensor<Double>]?
  var description: String { "MaxRoutingToTheLoser" }

  mutating func forward(inputs: [Tensor<Double>]) throws -> Tensor<Double> {
    self.inputs = inputs
    return try inputs[0].combined(with: inputs[1], by: .maximum)
  }

  mutating func backward(upstream: Tensor<Double>) throws -> [Tensor<Double>] {
    let xs = try cached(inputs)
    let aWins = try xs[0].combined(with: xs[1], by: .greater)
    // wrong: the gradient goes where the input lost
    return [try upstream * aWins.map { 1 - $0 }, try upstream * aWins]
  }
}

/// A ReLU whose derivative at exactly 0 is 2: outside the subgradient interval [0, 1].
struct ReLUWithWrongSubgradient: Layer, PiecewiseDifferentiable {
  private var input: Tensor<Double>?
  var description: String { "ReLUWithWrongSubgradient" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    self.input = input
    return input.map { Swift.max($0, 0) }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(input).map { $0 > 0 ? 1 : ($0 == 0 ? 2 : 0) }
  }

  func hasKink(between a: [Tensor<Double>], and b: [Tensor<Double>]) -> Bool {
    Tensor.segmentCrossesZero(from: a[0], to: b[0])
  }
}

// MARK: Gates for the checker's harder bug classes (each with a correct control)

/// `max(a, b)` that gives the whole upstream gradient to every input equal to the maximum:
/// at a tie both inputs receive `dy`, so their gradients sum to `2·dy`. Each alone lies in
/// its subgradient interval `[0, dy]`; only the joint move of both shows the error.
struct MaxRoutingToAllWinners: Gate, PiecewiseDifferentiable {
  private var inputs: [Tensor<Double>]?
  var description: String { "MaxRoutingToAllWinners" }

  mutating func forward(inputs: [Tensor<Double>]) throws -> Tensor<Double> {
    self.inputs = inputs
    return try inputs[0].combined(with: inputs[1], by: .maximum)
  }

  mutating func backward(upstream: Tensor<Double>) throws -> [Tensor<Double>] {
    let xs = try cached(inputs)
    let aWins = try xs[1].combined(with: xs[0], by: .greater).map { 1 - $0 }  // a ≥ b
    let bWins = try xs[0].combined(with: xs[1], by: .greater).map { 1 - $0 }  // b ≥ a
    return [try upstream * aWins, try upstream * bWins]  // wrong at ties: both get dy
  }

  func hasKink(between a: [Tensor<Double>], and b: [Tensor<Double>]) -> Bool {
    guard let start = try? a[0] - a[1], let end = try? b[0] - b[1] else { return false }
    return Tensor.segmentCrossesZero(from: start, to: end)
  }
}

/// A tanh whose backward returns NaN for the first element and is right elsewhere.
struct TanhWithNaNGradient: Layer {
  private var output: Tensor<Double>?
  var description: String { "TanhWithNaNGradient" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    let y = input.applying(.tanh)
    output = y
    return y
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let y = try cached(output)
    var dx = try upstream * y.map { 1 - $0 * $0 }
    dx.withUnsafeMutableBufferPointer { $0[0] = .nan }  // wrong: not finite
    return dx
  }
}

/// `y = c·x` with a tiny factor (`1e-8`) whose backward has the wrong sign: every gradient
/// through it is of order 1e-8, below the old absolute error floor.
struct TinyScaleWithWrongSign: Layer {
  var factor = 1e-8
  var description: String { "TinyScaleWithWrongSign" }
  private var seen = false

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    seen = true
    return input.map { $0 * factor }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    guard seen else { throw GateKitError.backwardBeforeForward(gate: description) }
    return upstream.map { -$0 * factor }  // wrong sign
  }
}

/// A sigmoid that declares a kink on every segment (which is safe) and, when `error` is
/// not 0, has a small relative error in its derivative: `σ(1 − σ)(1 + error)`.
struct SigmoidDeclaringKinks: Layer, PiecewiseDifferentiable {
  var error: Double
  private var output: Tensor<Double>?

  init(error: Double = 0) {
    self.error = error
  }
  var description: String {
    error == 0 ? "SigmoidDeclaringKinks" : "SigmoidDeclaringKinks(off by \(error))"
  }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    let y = input.applying(.sigmoid)
    output = y
    return y
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(output).map { $0 * (1 - $0) * (1 + error) }
  }

  func hasKink(between a: [Tensor<Double>], and b: [Tensor<Double>]) -> Bool { true }
}

/// `y = x(1 − x)` on probabilities, throwing for an input outside `[0, 1]` as a strict
/// domain check would: correct, but its check must not perturb a 1 upwards without
/// saying so.
struct StrictProbability: Layer {
  private var input: Tensor<Double>?
  var description: String { "StrictProbability" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    if let outside = input.scalars.first(where: { !(0...1).contains($0) }) {
      throw GateKitError.invalidArgument(
        operation: description, reason: "\(outside) is not a probability")
    }
    self.input = input
    return input.map { $0 * (1 - $0) }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(input).map { 1 - 2 * $0 }
  }
}
