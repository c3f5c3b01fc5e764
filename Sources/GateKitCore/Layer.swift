/// A gate with exactly one input: what `Sequential` composes.
///
/// A layer author writes the single-tensor `forward` and `backward`; the multi-input
/// forms that ``Gate`` requires come from this protocol's extension.
///
/// ```swift
/// var sigmoid = Sigmoid<Double>()
/// let y = try sigmoid(x)  // the same as try sigmoid.forward(x)
/// let dx = try sigmoid.backward(dy)  // one tensor, the shape of x
/// ```
public protocol Layer<Scalar>: Gate {
  /// The scalar type of the tensors the layer works on. Restated from ``Gate`` so that
  /// Swift infers it from `forward(_:)` in a layer written for one concrete type.
  associatedtype Scalar

  /// Computes the output from the input and caches what `backward` needs.
  ///
  /// - Parameter input: The input tensor.
  /// - Returns: The output tensor.
  /// - Throws: A ``GateKitError`` for an input of the wrong shape.
  mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar>

  /// Returns the gradient with respect to the input given the gradient with respect to
  /// the output, and accumulates the parameters' gradients.
  ///
  /// - Parameter upstream: `dL/dout`, with the shape of the last output.
  /// - Returns: `dL/d(input)`, with the shape of the last input.
  /// - Throws: ``GateKitError/backwardBeforeForward(gate:)`` before any forward pass,
  ///   ``GateKitError/shapeMismatch(operation:expected:actual:)`` for an upstream gradient
  ///   of the wrong shape.
  mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar>

  /// The backward pass for the parameters only: accumulates every parameter's gradient
  /// without computing `dL/d(input)` (Torch7's `accGradParameters`). A training loop calls
  /// it on the whole model, whose input gradient nobody uses; for a dense first layer it
  /// saves the largest matrix product of the step. Defaults to `backward(_:)`, discarding
  /// its result.
  ///
  /// - Parameter upstream: `dL/dout`, with the shape of the last output.
  /// - Throws: As `backward(_:)`.
  mutating func accumulateParameterGradients(_ upstream: Tensor<Scalar>) throws
}

extension Layer {
  /// Runs the forward pass, so that a layer or a model reads like a function, as in MLX
  /// Swift and Swift for TensorFlow:
  ///
  /// ```swift
  /// var model = try Sequential<Double> { Sigmoid<Double>() }
  /// let y = try model(Tensor([0, 1]))  // the same as try model.forward(Tensor([0, 1]))
  /// ```
  ///
  /// The call is `mutating` because a forward pass caches what `backward` needs: the layer
  /// is a `var`.
  ///
  /// - Parameter input: The input tensor.
  /// - Returns: The output tensor.
  /// - Throws: What `forward(_:)` throws.
  public mutating func callAsFunction(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try forward(input)
  }

  /// Runs `backward(_:)` and discards the input gradient.
  ///
  /// - Parameter upstream: `dL/dout`.
  /// - Throws: What `backward(_:)` throws.
  public mutating func accumulateParameterGradients(_ upstream: Tensor<Scalar>) throws {
    let _: Tensor<Scalar> = try backward(upstream)
  }

  /// Exactly one input.
  public var acceptedInputCounts: ClosedRange<Int> { 1...1 }

  /// The single-input forward pass, called with a one-element array.
  ///
  /// - Parameter inputs: Exactly one tensor.
  /// - Returns: The output tensor.
  /// - Throws: ``GateKitError/wrongInputCount(gate:expected:actual:)`` unless there is
  ///   exactly one input, or what the single-input forward throws.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    return try forward(inputs[0])
  }

  /// The single-input backward pass, returning a one-element array.
  ///
  /// - Parameter upstream: `dL/dout`.
  /// - Returns: `[dL/d(input)]`.
  /// - Throws: What the single-input backward throws.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let gradient: Tensor<Scalar> = try backward(upstream)
    return [gradient]
  }
}
