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
