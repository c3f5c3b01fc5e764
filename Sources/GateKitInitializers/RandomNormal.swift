import GateKitCore

/// Independent samples from the normal distribution: `w ~ N(mean, std²)`.
///
/// ```swift
/// let w: Tensor<Double> = try RandomNormal(standardDeviation: 0.01)
///   .makeTensor(shape: [4, 2], using: &generator)  // the course's randn × 0.01
/// ```
public struct RandomNormal: Initializer {
  /// The mean.
  public var mean: Double
  /// The standard deviation.
  public var standardDeviation: Double

  /// A normal initializer.
  ///
  /// - Parameters:
  ///   - mean: The mean.
  ///   - standardDeviation: The standard deviation, at least 0.
  public init(mean: Double = 0, standardDeviation: Double = 1) {
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  /// Samples a tensor.
  ///
  /// - Parameters:
  ///   - shape: The shape.
  ///   - generator: The source of randomness.
  /// - Returns: The samples.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a negative or
  ///   non-finite standard deviation.
  public func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar> {
    try .normal(shape: shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
  }

  /// `normal(mean, std)`.
  public var description: String { "normal(\(mean), \(standardDeviation))" }
}

extension Initializer where Self == RandomNormal {
  /// Samples from `N(mean, std²)`.
  ///
  /// - Parameters:
  ///   - mean: The mean.
  ///   - standardDeviation: The standard deviation.
  /// - Returns: The initializer.
  public static func normal(mean: Double = 0, standardDeviation: Double = 1) -> RandomNormal {
    RandomNormal(mean: mean, standardDeviation: standardDeviation)
  }

  /// The course's small random weights, `randn × scale` (default `0.01`): enough to break
  /// the symmetry between hidden units without saturating sigmoid or tanh.
  ///
  /// - Parameter scale: The standard deviation.
  /// - Returns: The initializer.
  public static func scaledStandardNormal(_ scale: Double = 0.01) -> RandomNormal {
    RandomNormal(mean: 0, standardDeviation: scale)
  }
}
