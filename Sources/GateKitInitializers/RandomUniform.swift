import GateKitCore

/// Independent samples from the uniform distribution: `w ~ U[low, high)`.
///
/// ```swift
/// let w: Tensor<Float> = try RandomUniform(low: -0.1, high: 0.1)
///   .makeTensor(shape: [4, 3], using: &generator)
/// ```
public struct RandomUniform: Initializer {
  /// The lower bound.
  public var low: Double
  /// The upper bound.
  public var high: Double

  /// A uniform initializer on `[low, high)`.
  ///
  /// - Parameters:
  ///   - low: The lower bound.
  ///   - high: The upper bound, at least `low`.
  public init(low: Double = -0.05, high: Double = 0.05) {
    self.low = low
    self.high = high
  }

  /// Samples a tensor.
  ///
  /// - Parameters:
  ///   - shape: The shape.
  ///   - generator: The source of randomness.
  /// - Returns: The samples.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` unless
  ///   `low ≤ high`, both finite.
  public func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar> {
    try .uniform(shape: shape, low: low, high: high, using: &generator)
  }

  /// `uniform(low, high)`.
  public var description: String { "uniform(\(low), \(high))" }
}

extension Initializer where Self == RandomUniform {
  /// Samples from `U[low, high)`.
  ///
  /// - Parameters:
  ///   - low: The lower bound.
  ///   - high: The upper bound.
  /// - Returns: The initializer.
  public static func uniform(low: Double, high: Double) -> RandomUniform {
    RandomUniform(low: low, high: high)
  }
}
