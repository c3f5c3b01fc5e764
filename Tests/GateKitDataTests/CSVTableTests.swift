import Foundation
import GateKitCore
import GateKitData
import GateKitTestSupport
import Testing

/// A malformed CSV text and the exact error it must produce.
struct MalformedCSV: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let location: String
  let reason: String
  var testDescription: String { name }
}

@Suite("CSV tables")
struct CSVTableTests {
  // MARK: Well-formed tables

  @Test(
    "A well-formed table parses with any line ending, with or without a final newline",
    arguments: ["\n", "\r\n"], [false, true])
  func wellFormedTableParses(lineEnding: String, trailingNewline: Bool) throws {
    let lines = ["x1,x2,label", "1.5,-2,0", "3,4e-1,1", "0, 7 ,2"]
    let text = lines.joined(separator: lineEnding) + (trailingNewline ? lineEnding : "")
    let table = try CSVTable(parsing: text, source: "table.csv")
    #expect(table.header == ["x1", "x2", "label"])
    #expect(table.rows == [[1.5, -2, 0], [3, 0.4, 1], [0, 7, 2]])
  }

  /// "\r\n" is a single `Character` in a Swift string, so splitting on "\n" alone would
  /// leave a CRLF file as one line; the reader splits on every newline character.
  @Test func errorInACRLFFileNamesItsLineAndColumn() {
    #expect(
      throws: GateKitError.malformedData(
        source: "bad.csv", location: "line 3, column 2 (b)", reason: "'y' is not a number")
    ) {
      try CSVTable(parsing: "a,b\r\n1,2\r\n3,y\r\n", source: "bad.csv")
    }
  }

  @Test func headerOnlyTableHasNoRows() throws {
    let table = try CSVTable(parsing: "a,b\n", source: "empty.csv")
    #expect(table.header == ["a", "b"])
    #expect(table.rows.isEmpty)
  }

  @Test func columnsAreFoundByName() throws {
    let table = try CSVTable(parsing: "a,b,label\n1,2,0\n", source: "t.csv")
    #expect(try table.column(named: "a") == 0)
    #expect(try table.column(named: "label") == 2)
  }

  @Test func fileOnDiskParsesLikeItsText() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("data.csv")
    try Data("a,label\n0.25,1\n-4,0\n".utf8).write(to: url)
    let table = try CSVTable(contentsOf: url)
    #expect(table.header == ["a", "label"])
    #expect(table.rows == [[0.25, 1], [-4, 0]])
  }

  // MARK: Malformed tables

  static let malformed: [MalformedCSV] = [
    MalformedCSV(
      name: "empty file", text: "", location: "line 1", reason: "no header line"),
    MalformedCSV(
      name: "only blank lines", text: "\n\n\n", location: "line 1", reason: "no header line"),
    MalformedCSV(
      name: "blank first line", text: "\na,b\n1,2\n", location: "line 1",
      reason: "no header line"),
    MalformedCSV(
      name: "row with too few fields", text: "a,b\n1,2\n3\n", location: "line 3",
      reason: "expected 2 fields as in the header, found 1"),
    MalformedCSV(
      name: "row with too many fields", text: "a,b\n1,2,3\n", location: "line 2",
      reason: "expected 2 fields as in the header, found 3"),
    MalformedCSV(
      name: "blank line between rows", text: "a,b\n1,2\n\n3,4\n", location: "line 3",
      reason: "the line is empty (empty lines are allowed only at the end)"),
    MalformedCSV(
      name: "non-numeric field", text: "a,b\n1,2\n3,four\n", location: "line 3, column 2 (b)",
      reason: "'four' is not a number"),
    MalformedCSV(
      name: "empty field", text: "a,b\n,2\n", location: "line 2, column 1 (a)",
      reason: "the field is empty; expected a number"),
    MalformedCSV(
      name: "nan", text: "a,b\nnan,1\n", location: "line 2, column 1 (a)",
      reason: "'nan' is not a finite number (NaN and infinities are not accepted)"),
    MalformedCSV(
      name: "NaN", text: "a,b\n1,NaN\n", location: "line 2, column 2 (b)",
      reason: "'NaN' is not a finite number (NaN and infinities are not accepted)"),
    MalformedCSV(
      name: "inf", text: "a,b\n1,2\n3,inf\n", location: "line 3, column 2 (b)",
      reason: "'inf' is not a finite number (NaN and infinities are not accepted)"),
    MalformedCSV(
      name: "-infinity", text: "a,b\n-infinity,1\n", location: "line 2, column 1 (a)",
      reason: "'-infinity' is not a finite number (NaN and infinities are not accepted)"),
    MalformedCSV(
      name: "overflow to infinity", text: "a,b\n1,1e400\n", location: "line 2, column 2 (b)",
      reason: "'1e400' is beyond the range of a Double"),
    MalformedCSV(
      name: "hexadecimal", text: "a,b\n0x1p3,1\n", location: "line 2, column 1 (a)",
      reason: "'0x1p3' is not a number"),
    MalformedCSV(
      name: "two numbers in one field", text: "a,b\n1 2,1\n", location: "line 2, column 1 (a)",
      reason: "'1 2' is not a number"),
    MalformedCSV(
      name: "NUL in a field", text: "a,b\n1\u{0}2,1\n", location: "line 2, column 1 (a)",
      reason: "the field contains a NUL byte"),
    MalformedCSV(
      name: "NUL in the header", text: "a\u{0},b\n1,2\n", location: "line 1",
      reason: "the header contains a NUL byte"),
    MalformedCSV(
      name: "duplicate column name", text: "a,b, a\n1,2,3\n", location: "line 1, column 3",
      reason: "the column name 'a' is also the name of column 1"),
    MalformedCSV(
      name: "column without a name", text: "a,,b\n1,2,3\n", location: "line 1, column 2",
      reason: "the column has no name"),
    MalformedCSV(
      name: "header line missing", text: "1,2\n3,4\n", location: "line 1",
      reason: "the first line holds numbers, not column names: the header line is missing"),
  ]

  @Test(
    "Malformed text throws malformedData naming the file, line and column", arguments: malformed)
  func malformedTextThrows(_ example: MalformedCSV) {
    #expect(
      throws: GateKitError.malformedData(
        source: "bad.csv", location: example.location, reason: example.reason)
    ) {
      try CSVTable(parsing: example.text, source: "bad.csv")
    }
  }

  @Test func malformedFileOnDiskIsNamedByItsPath() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("ragged.csv")
    try Data("a,b\n1,2\n3\n".utf8).write(to: url)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "line 3", reason: "expected 2 fields as in the header, found 1")
    ) {
      try CSVTable(contentsOf: url)
    }
  }

  @Test func unreadableFileThrowsMalformedDataAtFile() throws {
    let url = URL(fileURLWithPath: "/nonexistent-gatekit-directory/missing.csv")
    let error = try #require(throws: GateKitError.self) { try CSVTable(contentsOf: url) }
    let parts = try #require(malformedDataParts(error))
    #expect(parts.source == url.path)
    #expect(parts.location == "file")
    #expect(parts.reason.hasPrefix("cannot be read"))
  }

  @Test func missingColumnIsAnInvalidArgumentListingTheColumns() throws {
    let table = try CSVTable(parsing: "a,b,label\n1,2,0\n", source: "t.csv")
    let expected = GateKitError.invalidArgument(
      operation: "CSVTable", reason: "t.csv has no column 'y' (columns: a, b, label)")
    #expect(throws: expected) {
      let _: Dataset<Float> = try table.classificationDataset(labelColumn: "y")
    }
    #expect(throws: expected) {
      let _: Dataset<Double> = try table.regressionDataset(targetColumns: ["a", "y"])
    }
  }

  // MARK: Datasets from tables

  @Test func classificationDatasetExcludesTheLabelColumnFromTheFeatures() throws {
    let table = try CSVTable(
      parsing: "a,label,b\n1,2,10\n3,0,20\n5,1,30\n6,2,40\n", source: "t.csv")
    let data: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
    #expect(data.features == (try Tensor(rows: [[1, 10], [3, 20], [5, 30], [6, 40]])))
    #expect(data.targets == Tensor([2, 0, 1, 2]))
    #expect(data.labels == [2, 0, 1, 2])
    #expect(data.classCount == 3)  // the largest label + 1
  }

  @Test func classificationDatasetKeepsAGivenClassCount() throws {
    let table = try CSVTable(parsing: "x,label\n1,0\n2,1\n", source: "t.csv")
    let data: Dataset<Double> = try table.classificationDataset(labelColumn: "label", classCount: 5)
    #expect(data.classCount == 5)
    #expect(data.labels == [0, 1])
  }

  @Test func labelAtOrAboveTheGivenClassCountIsRejected() throws {
    let table = try CSVTable(parsing: "x,label\n1,0\n2,2\n", source: "t.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "t.csv", location: "line 3, column 2 (label)",
        reason: "label 2.0 is not a class index in 0..<2")
    ) {
      let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label", classCount: 2)
    }
  }

  @Test func nonIntegerLabelIsRejected() throws {
    let table = try CSVTable(parsing: "x,label\n1,0\n2,1.5\n", source: "t.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "t.csv", location: "line 3, column 2 (label)",
        reason: "label 1.5 is not a class index")
    ) {
      let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
    }
  }

  @Test func negativeLabelIsRejected() throws {
    let table = try CSVTable(parsing: "x,label\n1,-1\n2,0\n", source: "t.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "t.csv", location: "line 2, column 2 (label)",
        reason: "label -1.0 is not a class index")
    ) {
      let _: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
    }
  }

  @Test func tableWithoutRowsMakesNoDataset() throws {
    let table = try CSVTable(parsing: "x,label\n", source: "t.csv")
    let expected = GateKitError.malformedData(
      source: "t.csv", location: "file", reason: "has a header line but no data rows")
    #expect(throws: expected) {
      let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label", classCount: 2)
    }
    #expect(throws: expected) {
      let _: Dataset<Float> = try table.regressionDataset(targetColumns: ["label"])
    }
  }

  @Test func regressionDatasetTakesTargetsInTheGivenOrder() throws {
    let table = try CSVTable(parsing: "y1,x,y2\n1,10,-1\n2,20,-2\n3,30,-3\n", source: "t.csv")
    let data: Dataset<Double> = try table.regressionDataset(targetColumns: ["y2", "y1"])
    #expect(data.features == (try Tensor(rows: [[10], [20], [30]])))
    #expect(data.targets == (try Tensor(rows: [[-1, 1], [-2, 2], [-3, 3]])))
    #expect(data.classCount == nil)
    #expect(data.count == 3)
    #expect(data.featureCount == 1)
  }

  // MARK: Encodings, limits and streaming

  @Test func byteOrderMarkAndSurroundingSpacesAreAccepted() throws {
    let table = try CSVTable(parsing: "\u{FEFF} a ,\tb\n 1 ,\t2\t\n", source: "t.csv")
    #expect(table.header == ["a", "b"])
    #expect(table.rows == [[1, 2]])
  }

  @Test func emptyLinesAtTheEndAreAccepted() throws {
    let table = try CSVTable(parsing: "a\n1\n\n\r\n\n", source: "t.csv")
    #expect(table.rows == [[1]])
  }

  @Test func oldMacLineEndingsParse() throws {
    let table = try CSVTable(parsing: "a,b\r1,2\r3,4\r", source: "t.csv")
    #expect(table.rows == [[1, 2], [3, 4]])
  }

  @Test func invalidUTF8IsNamedAsSuch() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let header = directory.appendingPathComponent("header.csv")
    try Data([0x61, 0xFF, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x32, 0x0A]).write(to: header)
    #expect(
      throws: GateKitError.malformedData(
        source: header.path, location: "line 1", reason: "the header is not UTF-8 text")
    ) { try CSVTable(contentsOf: header) }
    let field = directory.appendingPathComponent("field.csv")
    try Data([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0xC3, 0x0A]).write(to: field)
    #expect(
      throws: GateKitError.malformedData(
        source: field.path, location: "line 2, column 2 (b)",
        reason: "the field is not UTF-8 text")
    ) { try CSVTable(contentsOf: field) }
  }

  @Test func valueBeyondFloatIsRejectedForAFloatDataset() throws {
    let table = try CSVTable(parsing: "x,label\n1,0\n1e39,1\n", source: "t.csv")
    let wide: Dataset<Double> = try table.classificationDataset(labelColumn: "label")
    #expect(wide.features == (try Tensor(rows: [[1], [1e39]])))
    #expect(
      throws: GateKitError.malformedData(
        source: "t.csv", location: "line 3, column 1 (x)",
        reason: "1e+39 is beyond the range of Float (largest magnitude 3.4028235e+38)")
    ) {
      let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
    }
  }

  @Test func tableOfOnlyTargetsHasNoFeatures() throws {
    let table = try CSVTable(parsing: "label\n0\n1\n", source: "t.csv")
    #expect(
      throws: GateKitError.malformedData(
        source: "t.csv", location: "line 1",
        reason: "no feature columns: every column (label) is a target")
    ) {
      let _: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
    }
  }

  /// A file larger than the reader's 1 MiB buffer, with CRLF endings, so that lines and
  /// line endings (a CR and its LF) fall across the buffer's refills.
  @Test func largeFileIsReadRowByRowAcrossBufferRefills() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("large.csv")
    let count = 120_000
    var text = "index,square,half\r\n"
    for index in 0..<count { text += "\(index),\(index * index),\(Double(index) / 2)\r\n" }
    try Data(text.utf8).write(to: url)
    #expect(text.utf8.count > 2 << 20)
    let reader = try CSVRowReader(contentsOf: url)
    #expect(reader.header == ["index", "square", "half"])
    var row: [Double] = []
    var seen = 0
    while try reader.nextRow(into: &row) {
      #expect(row == [Double(seen), Double(seen * seen), Double(seen) / 2])
      #expect(reader.lineNumber == seen + 2)
      seen += 1
      if row.count != 3 { break }
    }
    #expect(seen == count)
    #expect(try reader.nextRow() == nil)
  }

  @Test func lineLongerThanTheLimitIsAnErrorNotAGrowingBuffer() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("long.csv")
    var bytes = Array("a\n".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "1"), count: CSVRowReader.maximumLineLength + 10)
    try Data(bytes).write(to: url)
    let reader = try CSVRowReader(contentsOf: url)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "line 2",
        reason: "the line is longer than \(CSVRowReader.maximumLineLength) bytes")
    ) { _ = try reader.nextRow() }
  }

  @Test func directoryIsNotReadAsATable() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(
      throws: GateKitError.malformedData(
        source: directory.path, location: "file",
        reason: "cannot be read: it is a directory, not a regular file")
    ) { try CSVTable(contentsOf: directory) }
  }

  /// Opening a named pipe would wait for a writer forever; the reader refuses it first.
  @Test func namedPipeIsRefusedWithoutWaiting() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("pipe.csv")
    #expect(mkfifo(url.path, 0o600) == 0)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "file",
        reason: "cannot be read: it is a named pipe (FIFO), not a regular file")
    ) { try CSVTable(contentsOf: url) }
  }
}
