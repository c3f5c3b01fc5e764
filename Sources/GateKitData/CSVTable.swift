import Foundation
import GateKitCore

/// A numeric CSV file: a header line of column names, then rows of numbers, separated by
/// commas, unquoted (the format of the shipped datasets).
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
  /// The rows, each with one value per column.
  public let rows: [[Double]]

  /// Reads and parses a CSV file.
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable file or malformed content.
  public init(contentsOf url: URL) throws {
    let data = try fileContents(of: url)
    try self.init(parsing: String(decoding: data, as: UTF8.self), source: url.path)
  }

  /// Parses CSV text.
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - source: The file name for errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the line
  ///   and column of a ragged row, a field that is not a number, or a value that is not finite.
  public init(parsing text: String, source: String) throws {
    // Split on newline characters: in a Swift string "\r\n" is one character, so this
    // handles LF and CRLF files alike.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard let first = lines.first, !first.isEmpty else {
      throw GateKitError.malformedData(source: source, location: "line 1", reason: "no header line")
    }
    let header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    var rows: [[Double]] = []
    rows.reserveCapacity(lines.count - 1)
    for (index, line) in lines.enumerated().dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == header.count else {
        throw GateKitError.malformedData(
          source: source, location: "line \(index + 1)",
          reason: "expected \(header.count) fields as in the header, found \(fields.count)")
      }
      rows.append(
        try fields.enumerated().map { column, field in
          guard let value = Double(field.trimmingCharacters(in: .whitespaces)) else {
            throw GateKitError.malformedData(
              source: source,
              location: "line \(index + 1), column \(column + 1) (\(header[column]))",
              reason: "'\(field.prefix(40))' is not a number")
          }
          guard value.isFinite else {
            throw GateKitError.malformedData(
              source: source,
              location: "line \(index + 1), column \(column + 1) (\(header[column]))",
              reason: "\(value) is not a finite number")
          }
          return value
        })
    }
    self.source = source
    self.header = header
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
        reason: "no column '\(name)' (columns: \(header.joined(separator: ", ")))")
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
        source: source, location: "line \(bad + 2), column \(label + 1) (\(labelColumn))",
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

  private func matrix<Scalar: TensorScalar>(_ columns: [Int]) throws -> Tensor<Scalar> {
    guard !rows.isEmpty else {
      throw GateKitError.invalidArgument(operation: "CSVTable", reason: "the table has no rows")
    }
    return try Tensor(
      shape: [rows.count, columns.count],
      scalars: rows.flatMap { row in columns.map { Scalar(row[$0]) } })
  }
}
