/// A plain-text table with aligned columns, for reports printed to a terminal.
///
/// ```swift
/// var table = TextTable(header: ["gate", "error"])
/// table.append(["Dense(3 → 2)", "1.2e-11"])
/// print(table.rendered)
/// ```
public struct TextTable: Sendable {
  /// The column titles.
  public var header: [String]
  /// The rows; a row shorter than the header leaves its last cells empty.
  public var rows: [[String]] = []

  /// An empty table with the given column titles.
  ///
  /// - Parameter header: The column titles.
  public init(header: [String]) {
    self.header = header
  }

  /// Adds a row.
  ///
  /// - Parameter row: One cell per column.
  public mutating func append(_ row: [String]) {
    rows.append(row)
  }

  /// The table as lines of text: the header, a rule, then the rows, columns separated by
  /// two spaces and padded to the widest cell (measured in characters).
  public var rendered: String {
    let all = [header] + rows
    let widths = header.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      let padded = widths.indices.map { column -> String in
        let cell = cells.indices.contains(column) ? cells[column] : ""
        return cell + String(repeating: " ", count: widths[column] - cell.count)
      }
      return String(padded.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
    }
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }
}
