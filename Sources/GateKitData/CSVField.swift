import Foundation
import GateKitCore

/// The rules for one field of a numeric CSV file, shared by ``CSVRowReader`` and
/// ``CSVTable``.
///
/// A field is a decimal number (`-1.5`, `2e-3`, `+7`, `.5`) with optional spaces or tabs
/// around it. Everything else is an error, including what `Double("…")` would accept but a
/// table of measurements should not hold: `nan`, `inf`, hexadecimal (`0x1p3`), a value
/// beyond `Double`'s range, a NUL byte, an empty field.
enum CSVField {
  /// The number a field holds.
  ///
  /// - Parameter field: The field's bytes, without the separating commas.
  /// - Returns: The value, or why the field is not a finite decimal number.
  static func number(_ field: UnsafeBufferPointer<UInt8>) -> Result<Double, Problem> {
    let trimmed = trimmed(field)
    guard !trimmed.isEmpty else { return .failure(.empty) }
    for byte in trimmed where !isNumberByte(byte) {
      return .failure(problem(with: trimmed, at: byte))
    }
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: trimmed.count + 1) {
      text -> Double? in
      for (index, byte) in trimmed.enumerated() { text[index] = CChar(bitPattern: byte) }
      text[trimmed.count] = 0
      guard let base = text.baseAddress else { return nil }
      var end: UnsafeMutablePointer<CChar>?
      let value = strtod(base, &end)
      return end == base + trimmed.count ? value : nil
    }
    guard let value else { return .failure(.notANumber(text(trimmed))) }
    guard value.isFinite else { return .failure(.outOfRange(text(trimmed))) }
    return .success(value)
  }

  /// A name from the header line, trimmed of surrounding spaces and tabs.
  ///
  /// - Parameter field: The field's bytes.
  /// - Returns: The name, or `nil` when it is not UTF-8 text.
  static func name(_ field: UnsafeBufferPointer<UInt8>) -> String? {
    String(validating: trimmed(field), as: UTF8.self)
  }

  /// Why a field is not a number.
  enum Problem: Error {
    case empty
    case nul
    case notUTF8
    case notANumber(String)
    case notFinite(String)
    case outOfRange(String)

    /// The reason, as an error message ends.
    var reason: String {
      switch self {
      case .empty: "the field is empty; expected a number"
      case .nul: "the field contains a NUL byte"
      case .notUTF8: "the field is not UTF-8 text"
      case .notANumber(let text): "'\(quotable(text, limit: 40))' is not a number"
      case .notFinite(let text):
        "'\(quotable(text, limit: 40))' is not a finite number (NaN and infinities are not accepted)"
      case .outOfRange(let text):
        "'\(quotable(text, limit: 40))' is beyond the range of a Double"
      }
    }
  }

  /// The field without leading and trailing spaces and tabs.
  private static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = field.count
    while lower < upper, field[lower] == 0x20 || field[lower] == 0x09 { lower += 1 }
    while upper > lower, field[upper - 1] == 0x20 || field[upper - 1] == 0x09 { upper -= 1 }
    return UnsafeBufferPointer(rebasing: field[lower..<upper])
  }

  /// Digits, signs, the decimal point and the exponent letters.
  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
      UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
      true
    default: false
    }
  }

  /// The problem with a field holding a byte that no decimal number holds.
  private static func problem(
    with field: UnsafeBufferPointer<UInt8>, at byte: UInt8
  ) -> Problem {
    if field.contains(0) { return .nul }
    guard let text = String(validating: field, as: UTF8.self) else { return .notUTF8 }
    let word = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
    return ["nan", "inf", "infinity"].contains(word) ? .notFinite(text) : .notANumber(text)
  }

  private static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: field, as: UTF8.self)
  }
}

/// Where a value sits in a CSV file, as every CSV error names it:
/// `line 3, column 2 (petal_length)`.
///
/// - Parameters:
///   - line: The 1-based line number.
///   - column: The 0-based column index.
///   - header: The column names.
/// - Returns: The location text.
package func csvLocation(line: Int, column: Int, header: [String]) -> String {
  let name = column < header.count ? " (\(quotable(header[column], limit: 40)))" : ""
  return "line \(line), column \(column + 1)\(name)"
}

/// The error for a CSV value that a tensor of a narrower type cannot hold (`1e39` for
/// `Float`), which would otherwise become an infinity.
///
/// - Parameters:
///   - value: The value read.
///   - type: The tensor's scalar type.
///   - source: The file.
///   - line: The 1-based line number.
///   - column: The 0-based column index.
///   - header: The column names.
/// - Returns: `malformedData` naming the file, line and column.
package func csvValueOutOfRange<Scalar: BinaryFloatingPoint>(
  _ value: Double, for type: Scalar.Type, source: String, line: Int, column: Int,
  header: [String]
) -> GateKitError {
  .malformedData(
    source: source, location: csvLocation(line: line, column: column, header: header),
    reason:
      "\(value) is beyond the range of \(Scalar.self) (largest magnitude \(Scalar.greatestFiniteMagnitude))"
  )
}
