import GateKitCore

/// Multiplication by a constant: `y = c·x`.
///
/// Local derivative: `dy/dx = c`, so `dx = c · dy`.
///
/// ```swift
/// var scale = try Scale<Double>(3)
/// let j = try scale.forward(11)  // 33
/// ```
public struct Scale<Scalar: TensorScalar>: Layer {
  /// The constant `c`.
  public let factor: Scalar
  private var cache: ElementwiseCache<Scalar>

  /// A gate that multiplies by `factor`.
  ///
  /// - Parameter factor: The constant `c`.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a factor
  ///   that is not finite (NaN or ±∞ would turn every output and gradient into NaN).
  public init(_ factor: Scalar) throws {
    guard factor.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "Scale", reason: "the factor must be finite, got \(factor)")
    }
    self.factor = factor
    self.cache = ElementwiseCache(.scale(factor.doubleValue))
  }

  /// `Scale(3.0)`.
  public var description: String { "Scale(\(factor))" }

  /// Computes `y = c·x`.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = c · dy`.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension Scale: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
