// The column alignment of the checker's reports (`GradientCheckReport.table`,
// `ConformanceReport.description`). Their text is the checker's contract — what
// `#expect(report.passed)` prints on failure — so it lives here, with the checker, and a
// user who imports only GateKitChecking gets it. It renders exactly as GateKitPresentation's
// `TextTable` (a test in GateKitPresentationTests compares the two), without making the
// checker depend on the presentation module.

/// A plain-text table with aligned columns: the header, a rule, then the rows, columns
/// separated by two spaces and padded to the widest cell (measured in characters).
package struct ReportTable: Sendable {
  /// The column titles.
  package var header: [String]
  /// The rows; a row shorter than the header leaves its last cells empty.
  package var rows: [[String]] = []

  /// An empty table with the given column titles.
  package init(header: [String]) {
    self.header = header
  }

  /// Adds a row of one cell per column.
  package mutating func append(_ row: [String]) {
    rows.append(row)
  }

  /// The table as lines of text.
  package var rendered: String {
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
