import GateKit

/// `y = f(x) + x`, a composite of two children — `f`, a dense layer, and `sum`, an `Add` of
/// f's output and the input — that describes its wiring in its trace. With `forgetsSkip`
/// its backward drops the gradient of the skip connection: every child is right on its
/// own, and only the composite's own wiring is wrong.
struct Residual: Layer, CompositeGate {
  var inner: Dense<Double>
  var forgetsSkip: Bool
  private var add = Add<Double>()

  init(_ inner: Dense<Double>, forgetsSkip: Bool) {
    self.inner = inner
    self.forgetsSkip = forgetsSkip
  }

  var description: String { forgetsSkip ? "ResidualForgettingTheSkip" : "Residual" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try add.forward(inputs: [inner.forward(input), input])
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    let gradients = try add.backward(upstream: upstream)
    let throughF = try inner.backward(gradients[0])
    return forgetsSkip ? throughF : try throughF + gradients[1]  // wrong when forgetting
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters { name, parameter in try visit("f." + name, &parameter) }
  }

  func trace(inputs: [Tensor<Double>], upstream: Tensor<Double>?) throws -> GateTrace<Double> {
    var copy = self
    let x = inputs[0]
    let h = try copy.inner.forward(x)
    let y = try copy.add.forward(inputs: [h, x])
    let toF = try upstream.map { try copy.add.backward(upstream: $0)[0] }
    return GateTrace(
      output: y,
      children: [
        ChildTrace(path: "f", gate: inner, inputs: [x], upstream: toF, sources: [.input(0)]),
        ChildTrace(
          path: "sum", gate: Add<Double>(), inputs: [h, x], upstream: upstream,
          sources: [.child(0), .input(0)]),
      ], outputSource: .child(1))
  }
}

/// `y = 2·f(x)` whose trace claims `y = f(x)` and whose backward follows the trace: the
/// composite fails its check, its one child passes, and the wiring the trace describes
/// matches its backward — a failure no gate explains, which the checker reports as
/// inconclusive rather than blaming anyone.
struct ScaledWithoutSaying: Layer, CompositeGate {
  var inner: Dense<Double>
  var description: String { "ScaledWithoutSaying" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input) * 2
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try inner.backward(upstream)  // consistent with the trace, not with the forward pass
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try inner.visitParameters { name, parameter in try visit("f." + name, &parameter) }
  }

  func trace(inputs: [Tensor<Double>], upstream: Tensor<Double>?) throws -> GateTrace<Double> {
    var copy = self
    let y = try copy.forward(inputs[0])
    return GateTrace(
      output: y,
      children: [
        ChildTrace(path: "f", gate: inner, inputs: inputs, upstream: upstream, sources: [.input(0)])
      ], outputSource: .child(0))
  }
}
