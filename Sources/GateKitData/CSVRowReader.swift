import Foundation
import GateKitCore
import GateKitFiles

/// Reads a numeric CSV file one row at a time, in constant memory whatever the file's size:
/// a header line of column names, then rows of decimal numbers separated by commas.
///
/// The format is strict, because a silently misread table trains a wrong model: lines end
/// in LF, CRLF or CR; a UTF-8 byte-order mark before the header is skipped; spaces and
/// tabs around a field are ignored; the header's names must be UTF-8, non-empty and
/// distinct, and not all numbers (a first line of numbers means the header is missing);
/// every row has as many fields as the header; every field is a finite decimal number
/// (not `nan`, `inf` or hexadecimal; see ``CSVTable``). Empty lines are allowed only at the
/// end. Each error names the file, the line and, for a field, the column.
///
/// ```swift
/// let reader = try CSVRowReader(contentsOf: url)
/// var row: [Double] = []
/// while try reader.nextRow(into: &row) {
///   print(reader.lineNumber, row)
/// }
/// ```
public final class CSVRowReader {
  /// The file name or other source, for errors.
  public let source: String
  /// The column names, trimmed of surrounding spaces.
  public private(set) var header: [String] = []
  /// The line number (1-based) of the row returned last; 1 (the header) before the first.
  public private(set) var lineNumber = 1

  /// The longest line accepted, in bytes: a longer one is an error, not a growing buffer.
  public static let maximumLineLength = 1 << 24

  private let file: ReadableFile?
  private var buffer: [UInt8]
  /// The first byte not yet read, and the end of the bytes held in `buffer`.
  private var start = 0
  private var end: Int
  private var reachedEnd: Bool
  /// The number of the next line to read.
  private var nextLine = 1
  /// The first of the empty lines read since the last row, if any.
  private var emptyLine: Int?

  /// Opens a CSV file and reads its header line.
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for a
  ///   file that cannot be read or a bad header line.
  public convenience init(contentsOf url: URL) throws {
    try self.init(file: ReadableFile(path: url.path), bytes: [], source: url.path)
  }

  /// Reads the header line of CSV text held in memory.
  ///
  /// - Parameters:
  ///   - text: The table.
  ///   - source: The name used in errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for a bad
  ///   header line.
  public convenience init(parsing text: String, source: String) throws {
    try self.init(file: nil, bytes: Array(text.utf8), source: source)
  }

  private init(file: ReadableFile?, bytes: [UInt8], source: String) throws {
    self.file = file
    self.source = source
    self.buffer = file == nil ? bytes : [UInt8](repeating: 0, count: 1 << 20)
    self.end = file == nil ? bytes.count : 0
    self.reachedEnd = file == nil
    try readHeader()
  }

  /// Reads the next row.
  ///
  /// - Parameter row: Replaced by the row's values, one per column.
  /// - Returns: `false` at the end of the file (`row` is then empty).
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the
  ///   line (and column) of a row with the wrong number of fields, a field that is not a
  ///   finite decimal number, an empty line before the last row, or a read failure.
  public func nextRow(into row: inout [Double]) throws -> Bool {
    row.removeAll(keepingCapacity: true)
    while let line = try readLine() {
      let number = nextLine
      nextLine += 1
      guard !line.isEmpty else {
        emptyLine = emptyLine ?? number
        continue
      }
      if let empty = emptyLine {
        throw failure(
          "line \(empty)", "the line is empty (empty lines are allowed only at the end)")
      }
      try buffer.withUnsafeBufferPointer { bytes in
        try parse(UnsafeBufferPointer(rebasing: bytes[line]), line: number, into: &row)
      }
      lineNumber = number
      return true
    }
    return false
  }

  /// Reads the next row.
  ///
  /// - Returns: The row's values, or `nil` at the end of the file.
  /// - Throws: What ``nextRow(into:)`` throws.
  public func nextRow() throws -> [Double]? {
    var row: [Double] = []
    return try nextRow(into: &row) ? row : nil
  }

  // MARK: Header

  private func readHeader() throws {
    try fill(atLeast: 3)
    if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB,
      buffer[start + 2] == 0xBF
    {
      start += 3  // a UTF-8 byte-order mark, which some spreadsheet programs write
    }
    guard let line = try readLine(), !line.isEmpty else {
      throw failure("line 1", "no header line")
    }
    nextLine = 2
    let names = try buffer.withUnsafeBufferPointer { bytes in
      try fields(of: UnsafeBufferPointer(rebasing: bytes[line])).enumerated().map {
        column, field in
        if field.contains(0) { throw failure("line 1", "the header contains a NUL byte") }
        guard let name = CSVField.name(field) else {
          throw failure("line 1", "the header is not UTF-8 text")
        }
        guard !name.isEmpty else {
          throw failure("line 1, column \(column + 1)", "the column has no name")
        }
        return name
      }
    }
    var seen: [String: Int] = [:]
    for (column, name) in names.enumerated() {
      if let first = seen[name] {
        throw failure(
          "line 1, column \(column + 1)",
          "the column name '\(quotable(name, limit: 40))' is also the name of column \(first + 1)")
      }
      seen[name] = column
    }
    if names.allSatisfy({ Double($0) != nil && $0.allSatisfy { $0.isASCII } }) {
      throw failure(
        "line 1",
        "the first line holds numbers, not column names: the header line is missing")
    }
    header = names
  }

  // MARK: Rows

  private func parse(
    _ line: UnsafeBufferPointer<UInt8>, line number: Int, into row: inout [Double]
  ) throws {
    var column = 0
    var fieldStart = 0
    for index in 0...line.count where index == line.count || line[index] == UInt8(ascii: ",") {
      guard column < header.count else {
        throw raggedRow(number, found: line.reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) })
      }
      switch CSVField.number(UnsafeBufferPointer(rebasing: line[fieldStart..<index])) {
      case .success(let value): row.append(value)
      case .failure(let problem):
        throw failure(
          csvLocation(line: number, column: column, header: header), problem.reason)
      }
      column += 1
      fieldStart = index + 1
    }
    guard column == header.count else { throw raggedRow(number, found: column) }
  }

  private func raggedRow(_ line: Int, found: Int) -> GateKitError {
    failure("line \(line)", "expected \(header.count) fields as in the header, found \(found)")
  }

  // MARK: Lines

  /// The range in `buffer` of the next line without its line ending, valid until the next
  /// call; `nil` at the end of the input.
  private func readLine() throws -> Range<Int>? {
    var scanned = 0  // bytes after `start` known to hold no line ending
    while true {
      let found = buffer.withUnsafeBufferPointer { bytes in
        (start + scanned..<end).first { bytes[$0] == 0x0A || bytes[$0] == 0x0D }
      }
      if let terminator = found {
        // A CR at the end of what is buffered may be the first half of a CRLF.
        if buffer[terminator] == 0x0D, terminator + 1 == end, !reachedEnd {
          scanned = terminator - start
          try fill(atLeast: end - start + 1)
          continue
        }
        let line = start..<terminator
        start = terminator + 1
        if buffer[terminator] == 0x0D, start < end, buffer[start] == 0x0A { start += 1 }
        return line
      }
      if reachedEnd {
        guard start < end else { return nil }
        defer { start = end }
        return start..<end
      }
      scanned = end - start
      guard scanned < Self.maximumLineLength else {
        throw failure(
          "line \(nextLine)", "the line is longer than \(Self.maximumLineLength) bytes")
      }
      try fill(atLeast: scanned + 1)
    }
  }

  /// Moves the unread bytes to the front of the buffer and reads until at least `count`
  /// unread bytes are held or the file ends.
  private func fill(atLeast count: Int) throws {
    guard let file, !reachedEnd else { return }
    if start > 0 {
      buffer.withUnsafeMutableBufferPointer { bytes in
        guard let base = bytes.baseAddress else { return }
        (base).update(from: base + start, count: end - start)
      }
      end -= start
      start = 0
    }
    while end < count, !reachedEnd {
      if end == buffer.count {
        buffer.append(contentsOf: repeatElement(0, count: buffer.count))
      }
      let received = try buffer.withUnsafeMutableBytes { bytes in
        try file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[end...]))
      }
      if received == 0 { reachedEnd = true }
      end += received
    }
  }

  /// The comma-separated fields of a line.
  private func fields(of line: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>] {
    line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
      UnsafeBufferPointer(rebasing: $0)
    }
  }

  private func failure(_ location: String, _ reason: String) -> GateKitError {
    .malformedData(source: source, location: location, reason: reason)
  }
}
