import GateKitCore

extension Gate {
  /// The global L2 norm of all parameter gradients, `‖g‖ = √(Σ_parameters Σ g²)`, in
  /// `Double`.
  ///
  /// The squares are summed in the scalar type and, if that overflows (gradients beyond
  /// ~1.8e19 in `Float`), summed again in `Double`, so the norm of finite gradients is
  /// finite.
  public var gradientNorm: Double {
    var copy = self
    return copy.measureGradientNorm()
  }

  /// ``gradientNorm``, walking the parameters in place.
  private mutating func measureGradientNorm() -> Double {
    var total = 0.0
    visitParameters { _, parameter in
      let g = parameter.gradient
      let fast = (try? (g * g).sum().doubleValue) ?? .infinity
      total += fast.isFinite ? fast : g.scalars.reduce(0) { $0 + $1.doubleValue * $1.doubleValue }
    }
    return total.squareRoot()
  }

  /// Scales all gradients together so that their global L2 norm is at most `maxNorm`
  /// (`g ← g · min(1, maxNorm/‖g‖)`), which keeps their direction.
  ///
  /// ```swift
  /// let norm = try model.clipGradients(maxNorm: 1)
  /// ```
  ///
  /// - Parameter maxNorm: The largest norm allowed, greater than 0.
  /// - Returns: The norm before clipping.
  /// - Throws: `GateKitError.invalidArgument` unless `maxNorm` is positive and finite.
  @discardableResult
  public mutating func clipGradients(maxNorm: Double) throws -> Double {
    guard maxNorm > 0, maxNorm.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "clipGradients", reason: "maxNorm must be positive and finite, got \(maxNorm)")
    }
    let norm = measureGradientNorm()
    guard norm.isFinite, norm > maxNorm else { return norm }
    // A factor below the scalar type's normal range (Float gradients near 1e38 clipped to a
    // small norm) would round to 0 and erase the direction: apply it as two square roots.
    let factor = maxNorm / norm
    let steps =
      factor < Double(Scalar.leastNormalMagnitude)
      ? [factor.squareRoot(), factor.squareRoot()] : [factor]
    visitParameters { _, parameter in
      for step in steps { parameter.gradient = parameter.gradient.applying(.scale(step)) }
    }
    return norm
  }
}
