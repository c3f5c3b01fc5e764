import GateKitChecking
import GateKitPresentation
import Testing

@Suite("TextTable")
struct TextTableTests {
  @Test func textTableAlignsColumns() {
    var table = TextTable(header: ["gate", "error"])
    table.append(["Dense(3 → 2)", "1e-9"])
    table.append(["Add"])
    #expect(
      table.rendered == """
        gate          error
        ────────────  ─────
        Dense(3 → 2)  1e-9
        Add
        """)
  }

  /// The checker's reports align their columns with their own `ReportTable`, so that
  /// GateKitChecking does not depend on this module; both must print the same text.
  @Test func checkerReportTableRendersAsTextTable() {
    let tables: [([String], [[String]])] = [
      (["gate", "error"], [["Dense(3 → 2)", "1e-9"], ["Add"]]),
      (
        ["check", "result", "detail"],
        [["gradients", "pass", ""], ["shapes", "FAIL", "[2, 3] ≠ [3]"]]
      ),
      (["a"], []),
      ([], [["ignored"]]),
      (["wide header", "b", "c"], [["x", "", "z"], ["", "long cell with spaces  ", ""]]),
    ]
    for (header, rows) in tables {
      var text = TextTable(header: header)
      var report = ReportTable(header: header)
      for row in rows {
        text.append(row)
        report.append(row)
      }
      #expect(report.rendered == text.rendered, "header \(header)")
    }
  }
}
