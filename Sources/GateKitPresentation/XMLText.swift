// Shared by the SVG writer (SVGElement) and the DOT labels (CircuitDiagram+DOT).
/// Escaping of text for XML content and attribute values.
enum XMLText {
  /// `text` with the five markup characters written as entities and the characters that
  /// XML 1.0 forbids (control characters other than tab, line feed and carriage return,
  /// U+FFFE and U+FFFF) replaced by U+FFFD, so that any string makes well-formed markup.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result += "\u{FFFD}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
