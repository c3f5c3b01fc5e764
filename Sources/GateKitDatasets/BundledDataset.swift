import Foundation
import GateKitCore
import GateKitData

/// The small real datasets bundled with GateKit's command-line tool, with their fixed
/// train/test splits (see `Data/ATTRIBUTION.md` for sources and licences).
///
/// ```swift
/// let (train, test): (Dataset<Float>, Dataset<Float>) = try BundledDataset.digits.split()
/// ```
public enum BundledDataset: String, CaseIterable, Sendable {
  /// 8×8 handwritten digits: 1,797 examples, 64 features (0…16), 10 classes; 360 test.
  case digits
  /// Fisher's iris: 150 examples, 4 features, 3 classes; 30 test.
  case iris
  /// Wine cultivars: 178 examples, 13 features, 3 classes; 36 test.
  case wine
  /// Breast Cancer Wisconsin (Diagnostic): 569 examples, 30 features, 0 = malignant,
  /// 1 = benign; 114 test.
  case breastCancer = "breast_cancer"
  /// The course's planar "flower": 400 points in 2-D, 2 classes; 80 test.
  case planarFlower = "planar_flower"
  /// The course's heart curve: 100 points `x`, targets `(y1, y2)`; no split (train and
  /// evaluate on all points).
  case heartCurve = "heart_curve"

  /// The dataset's file name without extension, such as `breast_cancer`.
  public var name: String { rawValue }

  /// The dataset for a name as the command line spells it (`breast_cancer`, `breast-cancer`
  /// or `breastCancer`), or `nil`.
  ///
  /// - Parameter name: A dataset name.
  public init?(named name: String) {
    let key = name.lowercased().replacingOccurrences(of: "-", with: "_")
    guard
      let match = Self.allCases.first(where: { $0.rawValue == key || "\($0)".lowercased() == key })
    else { return nil }
    self = match
  }

  /// The whole dataset, in file order.
  ///
  /// - Returns: A classification dataset, or for the heart curve a regression dataset with
  ///   feature `x` and targets `y1`, `y2`.
  /// - Throws: ``GateKitCore/GateKitError`` if the bundled file cannot be read or parsed.
  public func load<Scalar: TensorScalar>() throws -> Dataset<Scalar> {
    let table = try CSVTable(contentsOf: try Self.resource("\(rawValue).csv"))
    return self == .heartCurve
      ? try table.regressionDataset(targetColumns: ["y1", "y2"])
      : try table.classificationDataset(labelColumn: "label")
  }

  /// The 0-based row indices of the fixed test set, or `nil` for the heart curve.
  ///
  /// - Returns: The indices, ascending.
  /// - Throws: ``GateKitCore/GateKitError`` if the split file cannot be read or parsed.
  public func testIndices() throws -> [Int]? {
    guard self != .heartCurve else { return nil }
    let url = try Self.resource("splits/\(rawValue)_test_indices.txt")
    let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    return try text.split(whereSeparator: \.isNewline).enumerated().map { line, field in
      guard let index = Int(field) else {
        throw GateKitError.malformedData(
          source: url.path, location: "line \(line + 1)", reason: "'\(field)' is not an index")
      }
      return index
    }
  }

  /// The fixed split: the test rows from the split file, the training set every other row
  /// in file order (both are the whole dataset for the heart curve).
  ///
  /// - Returns: The training and test sets.
  /// - Throws: ``GateKitCore/GateKitError`` if a bundled file cannot be read or parsed.
  public func split<Scalar: TensorScalar>() throws -> (
    train: Dataset<Scalar>, test: Dataset<Scalar>
  ) {
    let data: Dataset<Scalar> = try load()
    guard let indices = try testIndices() else { return (data, data) }
    return try data.split(testIndices: indices)
  }

  /// The attribution and licence text of the bundled datasets.
  ///
  /// - Returns: The text of `ATTRIBUTION.md`.
  /// - Throws: ``GateKitCore/GateKitError`` if it cannot be read.
  public static func attribution() throws -> String {
    String(decoding: try Data(contentsOf: resource("ATTRIBUTION.md")), as: UTF8.self)
  }

  /// The URL of a bundled file.
  static func resource(_ path: String) throws -> URL {
    // `resourceURL` is the bundle itself on Linux and `Contents/Resources` in a macOS bundle.
    let root = Bundle.module.resourceURL ?? Bundle.module.bundleURL
    let url = root.appendingPathComponent("Data").appendingPathComponent(path)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw GateKitError.malformedData(
        source: url.path, location: "file", reason: "bundled file is missing")
    }
    return url
  }
}
