extension RandomNumberGenerator {
  /// A uniform sample from `[0, 1)` with 53 random bits: the top 53 bits of `next()`
  /// scaled by 2⁻⁵³. The result depends only on the generator's bits, so it is the same
  /// on every platform.
  ///
  /// - Returns: A `Double` in `[0, 1)`.
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A sample from the standard normal distribution N(0, 1), by Marsaglia's polar method.
  ///
  /// The method needs only arithmetic, a square root and a natural logarithm. The
  /// logarithm is computed here from IEEE-754 basic operations (not the platform's libm),
  /// so the same generator bits give the same normal samples on every machine.
  ///
  /// - Returns: A `Double` drawn from N(0, 1).
  public mutating func nextStandardNormal() -> Double {
    while true {
      let u = 2 * nextUnitInterval() - 1
      let v = 2 * nextUnitInterval() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        return u * (-2 * portableLog(s) / s).squareRoot()
      }
    }
  }
}

/// The natural logarithm of a positive, finite `x`, from basic IEEE operations only.
///
/// `x = m · 2ᵉ` with `m ∈ [√½, √2)`; then `ln m = 2·atanh(t) = 2(t + t³/3 + t⁵/5 + …)` with
/// `t = (m − 1)/(m + 1)`, `|t| ≤ 0.1716`, so 12 terms reach a relative error below 1e-16.
/// Accurate to a few ulps; deterministic because Swift never contracts or reorders
/// floating-point arithmetic.
func portableLog(_ x: Double) -> Double {
  var exponent = Double(x.exponent)
  var m = x.significand  // in [1, 2)
  if m > 2.0.squareRoot() {
    m /= 2
    exponent += 1
  }
  let t = (m - 1) / (m + 1)
  let t2 = t * t
  var term = t
  var series = 0.0
  for k in stride(from: 1.0, through: 23.0, by: 2.0) {
    series += term / k
    term *= t2
  }
  return 2 * series + exponent * 0.693_147_180_559_945_3
}
