extension Tensor {
  /// A tensor of independent samples from the uniform distribution on `[low, high)`.
  ///
  /// - Parameters:
  ///   - shape: The size of each dimension.
  ///   - low: The lower bound.
  ///   - high: The upper bound.
  ///   - generator: The source of randomness; a ``SeededGenerator`` makes it reproducible.
  /// - Returns: The samples.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for an invalid
  ///   shape, ``GateKitError/invalidArgument(operation:reason:)`` unless
  ///   `low ≤ high` and both are finite.
  public static func uniform(
    shape: [Int], low: Double = 0, high: Double = 1,
    using generator: inout some RandomNumberGenerator
  ) throws -> Tensor {
    guard low.isFinite, high.isFinite, low <= high else {
      throw GateKitError.invalidArgument(
        operation: "Tensor.uniform",
        reason: "bounds must be finite with low ≤ high, got [\(low), \(high))")
    }
    let count = try scalarCount(of: shape, operation: "Tensor.uniform")
    var values = [Scalar]()
    values.reserveCapacity(count)
    for _ in 0..<count {
      values.append(Scalar(low + (high - low) * generator.nextUnitInterval()))
    }
    return Tensor(validShape: shape, scalars: values)
  }

  /// A tensor of independent samples from the normal distribution N(mean, std²).
  ///
  /// - Parameters:
  ///   - shape: The size of each dimension.
  ///   - mean: The mean.
  ///   - standardDeviation: The standard deviation, at least 0.
  ///   - generator: The source of randomness; a ``SeededGenerator`` makes it reproducible.
  /// - Returns: The samples.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for an invalid
  ///   shape, ``GateKitError/invalidArgument(operation:reason:)`` for a negative or
  ///   non-finite standard deviation or a non-finite mean.
  public static func normal(
    shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
    using generator: inout some RandomNumberGenerator
  ) throws -> Tensor {
    guard mean.isFinite, standardDeviation.isFinite, standardDeviation >= 0 else {
      throw GateKitError.invalidArgument(
        operation: "Tensor.normal",
        reason:
          "mean must be finite and the standard deviation finite and ≥ 0, got \(mean) and \(standardDeviation)"
      )
    }
    let count = try scalarCount(of: shape, operation: "Tensor.normal")
    var values = [Scalar]()
    values.reserveCapacity(count)
    for _ in 0..<count {
      values.append(Scalar(mean + standardDeviation * generator.nextStandardNormal()))
    }
    return Tensor(validShape: shape, scalars: values)
  }
}
