import GateKitCore

/// Per-feature standardization, `x′ = (x − μ)/σ`, with the mean `μ` and the population
/// standard deviation `σ` (ddof = 0, as scikit-learn's `StandardScaler`) of the training
/// set, applied unchanged to any other set. A constant feature (`σ = 0`) is only centered.
///
/// ```swift
/// let scaler = try Standardizer(fitting: train.features)
/// let x = try scaler.transform(test.features)
/// ```
public struct Standardizer<Scalar: TensorScalar>: Sendable {
  /// The per-feature means `μ`.
  public let mean: Tensor<Scalar>
  /// The per-feature standard deviations `σ` (1 where a feature is constant).
  public let standardDeviation: Tensor<Scalar>

  /// Fits the statistics of a feature matrix.
  ///
  /// - Parameter features: `[examples, features]`, with at least one example.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for an empty
  ///   or non-matrix input, ``/GateKitCore/GateKitError/nonFinite(operation:location:)`` for a NaN
  ///   or an infinity among the features.
  public init(fitting features: Tensor<Scalar>) throws {
    guard features.rank == 2, features.shape[0] > 0 else {
      throw GateKitError.shapeMismatch(
        operation: "Standardizer", expected: "a non-empty matrix [examples, features]",
        actual: features.shape)
    }
    let d = features.shape[1]
    // A finite sum proves every value finite; the search runs only to name the bad one.
    if !features.sum().isFinite, let bad = features.scalars.firstIndex(where: { !$0.isFinite }) {
      throw GateKitError.nonFinite(
        operation: "Standardizer(fitting:)",
        location:
          "feature \(bad % Swift.max(d, 1)) of example \(bad / Swift.max(d, 1)) (\(features.scalars[bad]))"
      )
    }
    let n = Tensor(Scalar(features.shape[0]))
    let mean = try features.sum(toShape: [d]) / n
    let centered = try features - mean
    let variance = try (centered * centered).sum(toShape: [d]) / n
    // A column is constant when its deviation is within rounding of its mean (the mean of
    // n equal values need not be exactly that value); such a column is only centered.
    let deviation = variance.applying(.squareRoot)
    let constant = try deviation.combined(
      with: mean.applying(.abs).applying(.scale(64 * Scalar.ulpOfOne.doubleValue)), by: .greater
    ).map { 1 - $0 }
    self.mean = mean
    self.standardDeviation = try deviation * (1 - constant) + constant
  }

  /// A standardizer with known statistics (for example, loaded with a saved model).
  ///
  /// ```swift
  /// let scaler = try Standardizer(mean: Tensor([1, 2]), standardDeviation: Tensor([0.5, 4]))
  /// ```
  ///
  /// - Parameters:
  ///   - mean: The per-feature means, a vector.
  ///   - standardDeviation: The per-feature standard deviations, a vector of the same
  ///     length, each finite and positive.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for
  ///   shapes that are not two vectors of one length,
  ///   ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a non-finite mean
  ///   or a deviation that is not finite and positive.
  public init(mean: Tensor<Scalar>, standardDeviation: Tensor<Scalar>) throws {
    guard mean.rank == 1 else {
      throw GateKitError.shapeMismatch(
        operation: "Standardizer", expected: "a vector of means", actual: mean.shape)
    }
    guard standardDeviation.shape == mean.shape else {
      throw GateKitError.shapeMismatch(
        operation: "Standardizer",
        expected: "standard deviations of the means' shape \(mean.shape)",
        actual: standardDeviation.shape)
    }
    if let feature = mean.scalars.firstIndex(where: { !$0.isFinite }) {
      throw GateKitError.invalidArgument(
        operation: "Standardizer", reason: "the mean of feature \(feature) is not finite")
    }
    if let feature = standardDeviation.scalars.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
      throw GateKitError.invalidArgument(
        operation: "Standardizer",
        reason:
          "the standard deviation of feature \(feature) is \(standardDeviation.scalars[feature]), not finite and positive"
      )
    }
    (self.mean, self.standardDeviation) = (mean, standardDeviation)
  }

  /// Standardizes a feature matrix with the fitted statistics.
  ///
  /// - Parameter features: `[examples, features]` with the fitted number of features.
  /// - Returns: `(x − μ)/σ`.
  /// - Throws: ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for another
  ///   number of features.
  public func transform(_ features: Tensor<Scalar>) throws -> Tensor<Scalar> {
    guard features.rank == 2, features.shape[1] == mean.shape[0] else {
      throw GateKitError.shapeMismatch(
        operation: "Standardizer.transform",
        expected: "features of shape [examples, \(mean.shape[0])]",
        actual: features.shape)
    }
    return try (features - mean) / standardDeviation
  }
}
