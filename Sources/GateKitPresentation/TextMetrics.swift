/// Estimated widths of text in the sans-serif fonts that SVG viewers pick (DejaVu Sans,
/// Helvetica, Arial), for laying out labels without measuring them.
///
/// The per-character widths lean to the wide side (they follow DejaVu Sans, the widest of
/// the three), so that estimated gaps are real gaps.
enum TextMetrics {
  /// The estimated width of `text` in pixels, set in a font of `size` pixels.
  static func width(of text: String, size: Double, bold: Bool = false) -> Double {
    let ems = text.unicodeScalars.reduce(0.0) { $0 + em(of: $1) }
    return ems * size * (bold ? 1.1 : 1)
  }

  /// `text`, shortened with a trailing `…` if needed to fit in `width` pixels.
  static func truncated(_ text: String, toWidth width: Double, size: Double, bold: Bool = false)
    -> String
  {
    guard self.width(of: text, size: size, bold: bold) > width else { return text }
    var shown = Substring(text)
    while !shown.isEmpty, self.width(of: shown + "…", size: size, bold: bold) > width {
      shown.removeLast()
    }
    return String(shown) + "…"
  }

  /// The width of one character, in ems.
  private static func em(of scalar: Unicode.Scalar) -> Double {
    switch scalar {
    case "0"..."9": 0.64
    case "%", "m", "M", "W": 0.98
    case "w": 0.82
    case " ", ".", ",", ":", ";", "i", "j", "l", "I", "'", "|", "!": 0.32
    case "-", "(", ")", "[", "]", "f", "t", "r": 0.4
    case "a"..."z": 0.62
    case "A"..."Z": 0.74
    case "\u{0}"..."\u{7F}": 0.7
    case "\u{1100}"...: 1.0
    default: 0.8
    }
  }
}
