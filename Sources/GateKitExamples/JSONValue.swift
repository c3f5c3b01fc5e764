/// A JSON value whose objects keep their keys in the order written, for output lines that
/// people read as well as parse.
public enum JSONValue: Sendable {
  /// A number.
  case number(Double)
  /// A string.
  case string(String)
  /// `true` or `false`.
  case bool(Bool)
  /// An array.
  case array([JSONValue])
  /// An object, its members in order.
  case object([(String, JSONValue)])

  /// Compact JSON text on one line. Integral numbers print without a fraction (`33`),
  /// others in Swift's shortest round-trip form; NaN and infinities print as `null`.
  public var text: String {
    switch self {
    case .number(let value):
      guard value.isFinite else { return "null" }
      if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
      return "\(value)"
    case .string(let value): return Self.quoted(value)
    case .bool(let value): return value ? "true" : "false"
    case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
    }
  }

  private static func quoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
