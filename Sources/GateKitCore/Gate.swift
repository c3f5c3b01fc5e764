/// A node of a circuit that knows its own local forward and backward pass.
///
/// `forward(inputs:)` computes the output from one or more inputs and caches what
/// `backward(upstream:)` needs. `backward(upstream:)` takes the upstream gradient
/// `dL/dout` and returns `dL/d(input)` for each input, each with exactly the shape of that
/// input, and **adds** the gradients of the gate's parameters into them
/// (``Parameter/gradient``); nothing but ``zeroGradients()`` resets those. Backward may be
/// called more than once after a forward pass; it uses the values the last forward cached.
///
/// A gate author writes the two passes, a one-line `description` and, when the gate has
/// parameters, ``visitParameters(_:)``. Single-input gates conform to ``Layer`` instead:
/// they write the unlabeled `forward(_:)` and `backward(_:)` on one tensor, and the
/// labeled multi-input forms come for free. (The labels keep the two forms apart at the
/// call site: `relu.forward([1, 2])` is one vector, `add.forward(inputs: [a, b])` two.)
///
/// ```swift
/// var multiply = Multiply<Double>()
/// let u = try multiply.forward(inputs: [3, 2])     // 6
/// let grads = try multiply.backward(upstream: 1)  // [2, 3]: multiply swaps its inputs
/// ```
public protocol Gate<Scalar>: Sendable, CustomStringConvertible {
  /// The scalar type of the tensors the gate works on.
  associatedtype Scalar: TensorScalar

  /// The numbers of inputs `forward(inputs:)` accepts. Defaults to `1...Int.max`.
  var acceptedInputCounts: ClosedRange<Int> { get }

  /// Computes the output from the inputs and caches what `backward(upstream:)` needs.
  ///
  /// - Parameter inputs: The input tensors.
  /// - Returns: The output tensor.
  /// - Throws: A ``GateKitError`` for a wrong number of inputs or a wrong shape.
  mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar>

  /// Returns the gradient with respect to each input given the gradient with respect to
  /// the output, and accumulates the parameters' gradients.
  ///
  /// - Parameter upstream: `dL/dout`, with the shape of the last output.
  /// - Returns: `dL/d(input)` for each input of the last forward pass, in order, each with
  ///   the shape of its input.
  /// - Throws: ``GateKitError/backwardBeforeForward(gate:)`` before any forward pass,
  ///   ``GateKitError/shapeMismatch(operation:expected:actual:)`` for an upstream gradient
  ///   of the wrong shape.
  mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>]

  /// Calls `visit` with the name and a mutable reference of each parameter, in a fixed
  /// order. Composers prefix their children's names with a path (`layers.2.weight`).
  /// Defaults to no parameters.
  ///
  /// - Parameter visit: Called once per parameter.
  /// - Throws: What `visit` throws.
  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows
}

extension Gate {
  /// Any number of inputs from 1 up.
  public var acceptedInputCounts: ClosedRange<Int> { 1...Int.max }

  /// No parameters.
  ///
  /// - Parameter visit: Never called.
  public mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows {}
}
