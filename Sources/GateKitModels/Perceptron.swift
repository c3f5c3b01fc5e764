import GateKitComposers
import GateKitCore
import GateKitGates
import GateKitInitializers

/// The hidden-layer activations a
/// ``GateKitComposers/Sequential/perceptron(layerSizes:activation:using:)`` can use.
public enum Activation: String, Sendable, CaseIterable {
  /// ``/GateKitGates/ReLU``, with He-normal initial weights.
  case relu
  /// ``/GateKitGates/LeakyReLU`` with slope 0.01, with He-normal initial weights.
  case leakyReLU = "leaky-relu"
  /// ``/GateKitGates/Tanh``, with Glorot-uniform initial weights.
  case tanh
  /// ``/GateKitGates/Sigmoid``, with Glorot-uniform initial weights.
  case sigmoid

  /// A new gate of this activation.
  ///
  /// - Returns: The gate.
  public func layer<Scalar: TensorScalar>() -> any Layer<Scalar> {
    switch self {
    case .relu: ReLU<Scalar>()
    case .leakyReLU: LeakyReLU<Scalar>()
    case .tanh: Tanh<Scalar>()
    case .sigmoid: Sigmoid<Scalar>()
    }
  }

  /// The weight initializer that keeps activations' variance stable with this
  /// nonlinearity: He for the rectifiers, Glorot for the saturating functions.
  public var weightInitializer: VarianceScaling {
    switch self {
    case .relu, .leakyReLU: .heNormal
    case .tanh, .sigmoid: .glorotUniform
    }
  }
}

extension Sequential {
  /// A multilayer perceptron: `Dense → activation → … → Dense`, with no activation after
  /// the last layer (it produces logits or values for the loss). Biases start at zero.
  ///
  /// ```swift
  /// var generator = SeededGenerator(seed: 0)
  /// let model = try Sequential<Float>.perceptron(layerSizes: [64, 128, 10], activation: .relu, using: &generator)
  /// ```
  ///
  /// - Parameters:
  ///   - layerSizes: The input size, the hidden sizes, then the output size (at least two
  ///     numbers, each at least 1).
  ///   - activation: The hidden activation.
  ///   - generator: The source of the initial weights.
  /// - Returns: The model.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for fewer than two
  ///   sizes or a size below 1.
  public static func perceptron(
    layerSizes: [Int], activation: Activation, using generator: inout some RandomNumberGenerator
  ) throws -> Sequential {
    guard layerSizes.count >= 2 else {
      throw GateKitError.invalidArgument(
        operation: "Sequential.perceptron",
        reason: "needs an input and an output size, got \(layerSizes)")
    }
    var layers: [any Layer<Scalar>] = []
    for (index, (input, output)) in zip(layerSizes, layerSizes.dropFirst()).enumerated() {
      layers.append(
        try Dense<Scalar>(
          input, output, weightInitializer: activation.weightInitializer, using: &generator))
      if index < layerSizes.count - 2 { layers.append(activation.layer()) }
    }
    return Sequential(layers)
  }
}
