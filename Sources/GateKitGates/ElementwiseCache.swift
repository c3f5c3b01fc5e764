import GateKitCore

/// What an element-wise layer keeps between its forward and backward pass: the operand
/// (input or output) that its function's local derivative is computed from.
struct ElementwiseCache<Scalar: TensorScalar>: Sendable {
  /// The function the layer applies.
  let function: ElementwiseFunction
  /// The cached input or output; `nil` before the first forward pass.
  private var operand: Tensor<Scalar>?

  init(_ function: ElementwiseFunction) {
    self.function = function
  }

  /// `y = f(x)`, caching `x` or `y` as the derivative needs.
  @_specialize(where Scalar == Float)
  mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    let output = input.applying(function)
    operand = function.derivativeOperand == .input ? input : output
    return output
  }

  /// `dx = dy · f′(x)`, or an error naming `gate` before any forward pass.
  func backward(_ upstream: Tensor<Scalar>, gate: some Gate<Scalar>) throws -> Tensor<Scalar> {
    try Tensor.gradient(
      through: function, operand: gate.cached(operand), upstream: upstream,
      gate: gate.description)
  }
}
