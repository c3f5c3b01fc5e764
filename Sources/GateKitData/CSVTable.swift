import Foundation
import GateKitCore

/// A numeric CSV file held in memory: a header line of column names, then rows of numbers,
/// separated by commas, unquoted (the format of the shipped datasets).
///
/// The rules are ``CSVRowReader``'s, which reads the file: every field a finite decimal
/// number (spaces and tabs around it are ignored), every row as long as the header, the
/// header's names distinct, empty lines only at the end; LF, CRLF or CR line endings. A
/// table with a header and no rows parses; making a dataset from it is an error.
///
/// ```swift
/// let table = try CSVTable(contentsOf: url)
/// let data: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
/// ```
public struct CSVTable: Sendable {
  /// The file name or other source the table was read from, for errors.
  public let source: String
  /// The column names.
  public let header: [String]
  /// The rows, each with one value per column; row `i` is line `i + 2` of the file.
  public let rows: [[Double]]

  /// Reads and parses a CSV file.
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable file or malformed content.
  public init(contentsOf url: URL) throws {
    try self.init(reading: CSVRowReader(contentsOf: url))
  }

  /// Parses CSV text.
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - source: The file name for errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the
  ///   line and column of a bad header, a ragged row, a field that is not a finite decimal
  ///   number, or an empty line before the last row.
  public init(parsing text: String, source: String) throws {
    try self.init(reading: CSVRowReader(parsing: text, source: source))
  }

  private init(reading reader: CSVRowReader) throws {
    var rows: [[Double]] = []
    while let row = try reader.nextRow() { rows.append(row) }
    self.source = reader.source
    self.header = reader.header
    self.rows = rows
  }

  /// The index of a named column.
  ///
  /// - Parameter name: A column name.
  /// - Returns: Its index.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` if there is none.
  public func column(named name: String) throws -> Int {
    guard let index = header.firstIndex(of: name) else {
      throw GateKitError.invalidArgument(
        operation: "CSVTable",
        reason: "\(source) has no column '\(name)' (columns: \(header.joined(separator: ", ")))")
    }
    return index
  }

  /// A classification dataset: every column but the label column is a feature; labels
  /// must be integers in `0..<classCount`.
  ///
  /// - Parameters:
  ///   - labelColumn: The name of the label column.
  ///   - classCount: The number of classes (default: the largest label + 1).
  /// - Returns: The dataset.
  /// - Throws: ``/GateKitCore/GateKitError`` for a missing column, an empty table or a bad label.
  public func classificationDataset<Scalar: TensorScalar>(
    labelColumn: String, classCount: Int? = nil
  ) throws -> Dataset<Scalar> {
    let label = try column(named: labelColumn)
    let featureColumns = header.indices.filter { $0 != label }
    let labels = rows.map { $0[label] }
    let limit = Double(classCount ?? 1_000_000)
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= limit || $0 != $0.rounded() }) {
      throw GateKitError.malformedData(
        source: source, location: csvLocation(line: bad + 2, column: label, header: header),
        reason:
          "label \(labels[bad]) is not a class index\(classCount.map { " in 0..<\($0)" } ?? "")")
    }
    let classes = classCount ?? Int(labels.max() ?? 0) + 1
    return try Dataset(
      features: matrix(featureColumns), targets: Tensor(labels.map { Scalar($0) }),
      classCount: classes)
  }

  /// A regression dataset with the named target columns; the other columns are features.
  ///
  /// - Parameter targetColumns: The names of the target columns.
  /// - Returns: The dataset.
  /// - Throws: ``/GateKitCore/GateKitError`` for a missing column or an empty table.
  public func regressionDataset<Scalar: TensorScalar>(targetColumns: [String]) throws -> Dataset<
    Scalar
  > {
    let targets = try targetColumns.map(column(named:))
    let features = header.indices.filter { !targets.contains($0) }
    return try Dataset(features: matrix(features), targets: matrix(targets))
  }

  /// The named columns as a `[rows, columns]` tensor.
  private func matrix<Scalar: TensorScalar>(_ columns: [Int]) throws -> Tensor<Scalar> {
    guard !rows.isEmpty else {
      throw GateKitError.malformedData(
        source: source, location: "file", reason: "has a header line but no data rows")
    }
    guard !columns.isEmpty else {
      throw GateKitError.malformedData(
        source: source, location: "line 1",
        reason: "no feature columns: every column (\(header.joined(separator: ", "))) is a target")
    }
    var scalars: [Scalar] = []
    scalars.reserveCapacity(rows.count * columns.count)
    for (index, row) in rows.enumerated() {
      for column in columns {
        let value = Scalar(row[column])
        guard value.isFinite else {
          throw csvValueOutOfRange(
            row[column], for: Scalar.self, source: source, line: index + 2, column: column,
            header: header)
        }
        scalars.append(value)
      }
    }
    return try Tensor(shape: [rows.count, columns.count], scalars: scalars)
  }
}
