import GateKit

/// A layer that only holds parameters, for optimizer tests: a test writes each step's
/// gradient straight into it before `optimizer.update(&gate)`, so every gradient is a known
/// number. Its forward and backward passes are the identity; optimizers never call them.
struct Weights<Scalar: TensorScalar>: Layer {
  /// The parameter at path `weight`.
  var weight: Parameter<Scalar>
  /// An optional second parameter, at path `bias`.
  var bias: Parameter<Scalar>?

  /// A gate with a weight and, optionally, a bias, both with zero gradients.
  init(weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil) {
    self.weight = Parameter(weight)
    self.bias = bias.map { Parameter($0) }
  }

  /// A gate with one scalar (rank-0) weight.
  init(_ weight: Double) {
    self.init(weight: Tensor(Scalar(weight)))
  }

  var description: String { "Weights" }

  mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> { input }

  mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> { upstream }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try visit("weight", &weight)
    if bias != nil { try visit("bias", &bias!) }
  }
}
