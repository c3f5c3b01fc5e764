import GateKit

/// A loss with its target held fixed, as a one-input layer: what the gradient checker
/// differentiates for losses whose targets are class indices (perturbing an index by a
/// small step would make it an invalid label, and labels have no gradient anyway).
struct FixedTarget<Inner: Loss>: Layer {
  var loss: Inner
  let target: Tensor<Inner.Scalar>
  var description: String { "\(loss) with a fixed target" }

  mutating func forward(_ input: Tensor<Inner.Scalar>) throws -> Tensor<Inner.Scalar> {
    try loss.forward(inputs: [input, target])
  }

  mutating func backward(_ upstream: Tensor<Inner.Scalar>) throws -> Tensor<Inner.Scalar> {
    try loss.backward(upstream: upstream)[0]
  }
}
