import GateKitCore

/// Fills a tensor with one value: `w = c`.
///
/// ```swift
/// let bias: Tensor<Double> = try Constant(0.1).makeTensor(shape: [10], using: &generator)
/// ```
public struct Constant: Initializer {
  /// The value of every element.
  public var value: Double

  /// An initializer that fills with `value`.
  ///
  /// - Parameter value: The value of every element.
  public init(_ value: Double) {
    self.value = value
  }

  /// A tensor of the given shape filled with ``value``; the generator is not used.
  ///
  /// - Parameters:
  ///   - shape: The shape.
  ///   - generator: Unused.
  /// - Returns: The filled tensor.
  /// - Throws: ``/GateKitCore/GateKitError/invalidShape(operation:shape:reason:)`` for an invalid
  ///   shape, ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a value that is
  ///   not finite.
  public func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar> {
    guard value.isFinite else {
      throw GateKitError.invalidArgument(
        operation: description, reason: "the value must be finite, got \(value)")
    }
    return try Tensor(repeating: Scalar(value), shape: shape)
  }

  /// `constant(c)`.
  public var description: String { "constant(\(value))" }
}

extension Initializer where Self == Constant {
  /// All zeros: `w = 0`. The usual bias initializer; for weights it never breaks the
  /// symmetry between hidden units (every unit computes the same function).
  public static var zeros: Constant { Constant(0) }

  /// All ones: `w = 1`.
  public static var ones: Constant { Constant(1) }

  /// Every element equal to `value`.
  ///
  /// - Parameter value: The value.
  /// - Returns: The initializer.
  public static func constant(_ value: Double) -> Constant { Constant(value) }
}
