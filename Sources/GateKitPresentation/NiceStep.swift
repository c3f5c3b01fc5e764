/// A tick spacing of 1, 2 or 5 times a power of ten, and the labels of its ticks, computed
/// from integers so that `0.3` is never labelled `0.30000000000000004`.
struct NiceStep {
  /// How tick labels are written.
  enum LabelStyle {
    /// Plain decimals: `0.25`.
    case decimal
    /// Fractions as percentages: `0.25` is `25%`.
    case percent
  }

  /// 1, 2 or 5.
  var mantissa: Int
  /// The power of ten.
  var exponent: Int

  /// The spacing.
  var value: Double { Double(mantissa) * Self.powerOfTen(exponent) }

  /// The next larger spacing: 1 → 2 → 5 → 10.
  var next: NiceStep {
    mantissa == 5
      ? NiceStep(mantissa: 1, exponent: exponent + 1)
      : NiceStep(mantissa: mantissa == 1 ? 2 : 5, exponent: exponent)
  }

  /// A spacing of `mantissa` × 10^`exponent`.
  init(mantissa: Int, exponent: Int) {
    self.mantissa = mantissa
    self.exponent = exponent
  }

  /// The smallest spacing that is at least `minimum` (a positive, finite number).
  init(atLeast minimum: Double) {
    var exponent = Int((Double(minimum.exponent) * 0.30103).rounded(.down))
    while exponent > -330, Self.powerOfTen(exponent) > minimum { exponent -= 1 }
    while exponent < 310, Self.powerOfTen(exponent + 1) <= minimum { exponent += 1 }
    self.init(mantissa: 1, exponent: exponent)
    while value < minimum { self = next }
  }

  /// The tick `index` spacings from zero, with its label.
  func tick(at index: Int, style: LabelStyle) -> AxisScale.Tick {
    let multiple = index * mantissa
    let value = Double("\(multiple)e\(exponent)") ?? Double(multiple) * Self.powerOfTen(exponent)
    switch style {
    case .decimal:
      return AxisScale.Tick(value: value, label: Self.label(multiple, exponent: exponent))
    case .percent:
      return AxisScale.Tick(
        value: value, label: Self.label(multiple, exponent: exponent + 2) + "%")
    }
  }

  /// 10 to the power `exponent`, correctly rounded.
  static func powerOfTen(_ exponent: Int) -> Double {
    Double("1e\(exponent)") ?? (exponent < 0 ? 0 : .infinity)
  }

  /// `integer × 10^exponent` written out: in plain decimals with `-exponent` places when
  /// the exponent is between −6 and 6 (`0.05`, `1.50`, `1200`), in scientific notation
  /// otherwise (`1.5e-8`).
  static func label(_ integer: Int, exponent: Int) -> String {
    let sign = integer < 0 ? "-" : ""
    let digits = String(integer.magnitude)
    switch exponent {
    case 0...6:
      return integer == 0 ? "0" : sign + digits + String(repeating: "0", count: exponent)
    case -6..<0:
      let places = -exponent
      let padded = String(repeating: "0", count: Swift.max(0, places + 1 - digits.count)) + digits
      let point = padded.index(padded.endIndex, offsetBy: -places)
      return sign + padded[..<point] + "." + padded[point...]
    default:
      if integer == 0 { return "0" }
      var significand = digits
      while significand.count > 1, significand.hasSuffix("0") { significand.removeLast() }
      let fraction = significand.dropFirst()
      return sign + significand.prefix(1) + (fraction.isEmpty ? "" : "." + fraction) + "e"
        + String(exponent + digits.count - 1)
    }
  }
}
