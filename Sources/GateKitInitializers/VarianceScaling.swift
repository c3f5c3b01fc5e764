import GateKitCore

/// Weights whose variance is `scale / n`, where `n` is the fan-in, the fan-out or their
/// average (see ``Fans``): the family behind Glorot/Xavier, He/Kaiming and LeCun.
///
/// With a uniform distribution the bound is `√(3·scale/n)`; with a normal distribution the
/// standard deviation is `√(scale/n)`:
///
/// | initializer | scale | n | uniform bound | normal std |
/// |---|---|---|---|---|
/// | `.glorotUniform`, `.glorotNormal` | 1 | (in + out)/2 | √(6/(in + out)) | √(2/(in + out)) |
/// | `.heUniform`, `.heNormal` | 2 | in | √(6/in) | √(2/in) |
/// | `.lecunUniform`, `.lecunNormal` | 1 | in | √(3/in) | √(1/in) |
///
/// The normal variants draw from a plain (not truncated) normal distribution.
public struct VarianceScaling: Initializer {
  /// Which fan divides the variance.
  public enum Mode: String, Sendable, CaseIterable {
    /// `n = fanIn`: keeps the forward signal's variance.
    case fanIn
    /// `n = fanOut`: keeps the backward gradient's variance.
    case fanOut
    /// `n = (fanIn + fanOut)/2`: the compromise of Glorot and Bengio (2010).
    case fanAverage
  }

  /// The distribution samples are drawn from.
  public enum Distribution: String, Sendable, CaseIterable {
    /// Uniform on `[−b, b)` with `b = √(3·scale/n)`.
    case uniform
    /// Normal with mean 0 and standard deviation `√(scale/n)`.
    case normal
  }

  /// The numerator of the variance.
  public var scale: Double
  /// Which fan divides the variance.
  public var mode: Mode
  /// The distribution samples are drawn from.
  public var distribution: Distribution

  /// A variance-scaling initializer.
  ///
  /// - Parameters:
  ///   - scale: The numerator of the variance, greater than 0.
  ///   - mode: Which fan divides the variance.
  ///   - distribution: Uniform or normal.
  public init(scale: Double, mode: Mode, distribution: Distribution) {
    self.scale = scale
    self.mode = mode
    self.distribution = distribution
  }

  /// The variance `scale / n` for a parameter shape.
  ///
  /// - Parameter shape: The parameter's shape.
  /// - Returns: The target variance.
  /// - Throws: ``/GateKitCore/GateKitError/invalidShape(operation:shape:reason:)`` for a negative
  ///   dimension or too many scalars,
  ///   ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an empty fan or a scale
  ///   that is not positive and finite.
  public func variance(forShape shape: [Int]) throws -> Double {
    _ = try Tensor<Double>.scalarCount(of: shape, operation: description)
    let fans = Fans(shape: shape)
    let n: Double =
      switch mode {
      case .fanIn: Double(fans.fanIn)
      case .fanOut: Double(fans.fanOut)
      case .fanAverage: (Double(fans.fanIn) + Double(fans.fanOut)) / 2  // no Int overflow
      }
    guard n > 0, scale > 0, scale.isFinite else {
      throw GateKitError.invalidArgument(
        operation: description,
        reason: "needs a positive scale and fan, got scale \(scale) for shape \(shape)")
    }
    return scale / n
  }

  /// Samples a tensor.
  ///
  /// - Parameters:
  ///   - shape: The parameter's shape.
  ///   - generator: The source of randomness.
  /// - Returns: The samples.
  /// - Throws: ``/GateKitCore/GateKitError/invalidShape(operation:shape:reason:)`` for an invalid
  ///   shape, ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an empty fan.
  public func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar> {
    let variance = try variance(forShape: shape)
    switch distribution {
    case .uniform:
      let bound = (3 * variance).squareRoot()
      return try .uniform(shape: shape, low: -bound, high: bound, using: &generator)
    case .normal:
      return try .normal(shape: shape, standardDeviation: variance.squareRoot(), using: &generator)
    }
  }

  /// For example `varianceScaling(2.0, fanIn, normal)`.
  public var description: String {
    "varianceScaling(\(scale), \(mode.rawValue), \(distribution.rawValue))"
  }
}

extension Initializer where Self == VarianceScaling {
  /// Glorot/Xavier uniform: `U[−b, b)`, `b = √(6/(fanIn + fanOut))`.
  public static var glorotUniform: VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanAverage, distribution: .uniform)
  }
  /// Glorot/Xavier normal: `N(0, 2/(fanIn + fanOut))`.
  public static var glorotNormal: VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanAverage, distribution: .normal)
  }
  /// He/Kaiming uniform, for ReLU networks: `U[−b, b)`, `b = √(6/fanIn)`.
  public static var heUniform: VarianceScaling {
    VarianceScaling(scale: 2, mode: .fanIn, distribution: .uniform)
  }
  /// He/Kaiming normal, for ReLU networks: `N(0, 2/fanIn)`.
  public static var heNormal: VarianceScaling {
    VarianceScaling(scale: 2, mode: .fanIn, distribution: .normal)
  }
  /// LeCun uniform: `U[−b, b)`, `b = √(3/fanIn)`.
  public static var lecunUniform: VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanIn, distribution: .uniform)
  }
  /// LeCun normal: `N(0, 1/fanIn)`.
  public static var lecunNormal: VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanIn, distribution: .normal)
  }
}
