extension SVGElement {
  /// An attribute value: text, a number or a list of points.
  ///
  /// String, integer and floating-point literals make values directly. Numbers are written
  /// with at most two decimals and no trailing zeros (`12.5`, `3`, `-0.25`); a non-finite
  /// number is written as `0` and magnitudes are capped at 10¹², so the markup never holds
  /// `nan`, `inf` or an exponent.
  ///
  /// ```swift
  /// let line = SVGElement(
  ///   "polyline", ["class": "series", "stroke-width": 2, "points": .points([(0, 10), (5, 2.5)])])
  /// // <polyline class="series" stroke-width="2" points="0,10 5,2.5"/>
  /// ```
  public enum Value: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
  {
    /// Text, written as given (escaped for XML).
    case text(String)
    /// A number, written with at most two decimals.
    case number(Double)
    /// A list of points, written `x,y x,y …` as `polyline` and `polygon` expect.
    case points([(x: Double, y: Double)])

    /// A text value from a string literal.
    ///
    /// - Parameter value: The text.
    ///
    /// ```swift
    /// let value: SVGElement.Value = "none"
    /// ```
    public init(stringLiteral value: String) {
      self = .text(value)
    }

    /// A number from an integer literal.
    ///
    /// - Parameter value: The number.
    ///
    /// ```swift
    /// let value: SVGElement.Value = 12
    /// ```
    public init(integerLiteral value: Int) {
      self = .number(Double(value))
    }

    /// A number from a floating-point literal.
    ///
    /// - Parameter value: The number.
    ///
    /// ```swift
    /// let value: SVGElement.Value = 0.5
    /// ```
    public init(floatLiteral value: Double) {
      self = .number(value)
    }

    /// The value as written in the markup, before XML escaping.
    ///
    /// ```swift
    /// SVGElement.Value.number(1.0 / 3).text  // "0.33"
    /// ```
    public var text: String {
      switch self {
      case .text(let text):
        text
      case .number(let number):
        Self.format(number)
      case .points(let points):
        points.map { Self.format($0.x) + "," + Self.format($0.y) }.joined(separator: " ")
      }
    }

    /// `number` rounded to two decimals, without trailing zeros; `0` when it is not finite.
    static func format(_ number: Double) -> String {
      guard number.isFinite else { return "0" }
      let hundredths = Int((Swift.min(Swift.max(number, -1e12), 1e12) * 100).rounded())
      let magnitude = hundredths.magnitude
      let sign = hundredths < 0 ? "-" : ""
      let whole = String(magnitude / 100)
      let fraction = magnitude % 100
      switch fraction {
      case 0: return sign + whole
      case let tenths where tenths % 10 == 0: return sign + whole + "." + String(tenths / 10)
      case 1..<10: return sign + whole + ".0" + String(fraction)
      default: return sign + whole + "." + String(fraction)
      }
    }
  }
}
