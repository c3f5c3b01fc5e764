#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `No space left on device (errno 28)`: a system error number with its meaning, as every
/// GateKit message writes one.
///
/// - Parameter code: An `errno` value.
/// - Returns: The system's text for it and the number.
package func systemMessage(_ code: Int32) -> String {
  "\(String(cString: strerror(code))) (errno \(code))"
}

/// `text` made safe to quote in a one-line message: control characters and other
/// non-printable characters are escaped (`\n`, `\0`, `\u{1B}`), and text longer than
/// `limit` characters is cut, with the number of characters left out.
///
/// - Parameters:
///   - text: A value taken from a file or a command line.
///   - limit: The most characters kept (at least 1).
/// - Returns: The printable, bounded form of `text`.
package func quotable(_ text: some StringProtocol, limit: Int = 80) -> String {
  var result = ""
  var kept = 0
  for character in text {
    if kept == Swift.max(1, limit) {
      return result + "… (\(text.count) characters)"
    }
    kept += 1
    guard character.unicodeScalars.allSatisfy({ $0.properties.generalCategory.isPrintable })
    else {
      result += character.unicodeScalars.map { scalar in
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        case "\0": "\\0"
        default:
          scalar.properties.generalCategory.isPrintable
            ? String(scalar) : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
      }.joined()
      continue
    }
    result.append(character)
  }
  return result
}

extension Unicode.GeneralCategory {
  /// Whether a scalar of this category shows as a visible glyph or a plain space: not a
  /// control, format, surrogate, private-use, unassigned or line/paragraph separator.
  fileprivate var isPrintable: Bool {
    switch self {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator:
      false
    default: true
    }
  }
}
