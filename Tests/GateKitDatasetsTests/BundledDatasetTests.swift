import Foundation
import GateKitCore
import GateKitData
import GateKitDatasets
import Testing

/// One entry of `Data/manifest.json` (the fields the tests compare).
private struct ManifestEntry: Decodable {
  let file: String?
  let rows: Int?
  let features: Int?
  let classes: [String]?
  let classCounts: [Int]?
  let testIndices: String?
  let nTest: Int?
  let testClassCounts: [Int]?
  let inputs: Int?
  let outputs: Int?
  let bytes: Int?
}

/// The directory of the bundled files, found the way `BundledDataset` finds it: the
/// `GateKit_GateKitDatasets.resources` bundle next to the test executable (SwiftPM's
/// accessor looks there first), else the source tree relative to this file.
private func bundledDataDirectory() throws -> URL {
  let candidates = [
    Bundle.main.bundleURL.appendingPathComponent("GateKit_GateKitDatasets.resources")
      .appendingPathComponent("Data"),
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/GateKitDatasets/Data"),
  ]
  return try #require(
    candidates.first {
      FileManager.default.fileExists(atPath: $0.appendingPathComponent("manifest.json").path)
    }, "manifest.json not found in \(candidates.map(\.path))")
}

private func manifest() throws -> [String: ManifestEntry] {
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  let data = try Data(
    contentsOf: try bundledDataDirectory().appendingPathComponent("manifest.json"))
  return try decoder.decode([String: ManifestEntry].self, from: data)
}

/// The number of examples of each class.
private func classCounts(_ labels: [Int], classes: Int) -> [Int] {
  (0..<classes).map { c in labels.count(where: { $0 == c }) }
}

private let classificationSets = BundledDataset.allCases.filter { $0 != .heartCurve }

@Suite("Bundled datasets")
struct BundledDatasetTests {
  @Test func manifestListsEveryBundledDataset() throws {
    let entries = try manifest()
    for dataset in BundledDataset.allCases {
      let entry = try #require(entries[dataset.name], "\(dataset.name) is not in the manifest")
      #expect(entry.file == "\(dataset.name).csv")
    }
  }

  @Test(
    "Every bundled dataset loads with the manifest's row count", arguments: BundledDataset.allCases)
  func everyDatasetLoads(_ dataset: BundledDataset) throws {
    let entry = try #require(try manifest()[dataset.name])
    let float: Dataset<Float> = try dataset.load()
    let double: Dataset<Double> = try dataset.load()
    #expect(float.count == entry.rows)
    #expect(double.count == entry.rows)
    #expect(float.features == Tensor<Float>(double.features))
    #expect(float.targets == Tensor<Float>(double.targets))
  }

  @Test("Bundled files have the manifest's sizes", arguments: BundledDataset.allCases)
  func fileSizesMatchTheManifest(_ dataset: BundledDataset) throws {
    let entry = try #require(try manifest()[dataset.name])
    let url = try bundledDataDirectory().appendingPathComponent("\(dataset.name).csv")
    let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
    #expect(size == entry.bytes)
  }

  @Test(
    "Classification sets match the manifest's shape and class counts",
    arguments: classificationSets)
  func classificationSetMatchesTheManifest(_ dataset: BundledDataset) throws {
    let entry = try #require(try manifest()[dataset.name])
    let data: Dataset<Float> = try dataset.load()
    let classes = try #require(entry.classes).count
    #expect(data.count == entry.rows)
    #expect(data.featureCount == entry.features)
    #expect(data.classCount == classes)
    #expect(data.targets.shape == [data.count])
    #expect(classCounts(data.labels, classes: classes) == entry.classCounts)
  }

  @Test(
    "Fixed splits match the manifest and partition the rows", arguments: classificationSets)
  func splitMatchesTheManifest(_ dataset: BundledDataset) throws {
    let entry = try #require(try manifest()[dataset.name])
    let classes = try #require(entry.classes).count
    let indices = try #require(try dataset.testIndices())
    let rows = try #require(entry.rows)

    #expect(indices.count == entry.nTest)
    #expect(indices == indices.sorted())
    #expect(Set(indices).count == indices.count)
    #expect(indices.allSatisfy { (0..<rows).contains($0) })

    let data: Dataset<Float> = try dataset.load()
    let (train, test): (Dataset<Float>, Dataset<Float>) = try dataset.split()
    #expect(test.count == entry.nTest)
    #expect(train.count + test.count == rows)
    #expect(classCounts(test.labels, classes: classes) == entry.testClassCounts)
    #expect(train.classCount == classes)
    #expect(test.classCount == classes)

    // Disjoint and complete: the test rows are the listed ones, the training rows every
    // other row in file order.
    let testSet = Set(indices)
    let trainIndices = (0..<rows).filter { !testSet.contains($0) }
    let expectedTest = try data.subset(indices)
    let expectedTrain = try data.subset(trainIndices)
    #expect(test.features == expectedTest.features)
    #expect(test.targets == expectedTest.targets)
    #expect(train.features == expectedTrain.features)
    #expect(train.targets == expectedTrain.targets)
  }

  @Test func heartCurveIsARegressionSetWithoutASplit() throws {
    let entry = try #require(try manifest()["heart_curve"])
    let data: Dataset<Double> = try BundledDataset.heartCurve.load()
    #expect(data.count == 100)
    #expect(data.count == entry.rows)
    #expect(data.featureCount == 1)
    #expect(data.featureCount == entry.inputs)
    #expect(data.targets.shape == [100, 2])
    #expect(data.targets.shape[1] == entry.outputs)
    #expect(data.classCount == nil)
    #expect(try BundledDataset.heartCurve.testIndices() == nil)

    let (train, test): (Dataset<Double>, Dataset<Double>) = try BundledDataset.heartCurve.split()
    #expect(train.features == data.features)
    #expect(test.features == data.features)
    #expect(test.targets == data.targets)
  }

  @Test func heartCurveFollowsItsFormula() throws {
    let data: Dataset<Double> = try BundledDataset.heartCurve.load()
    var worst = 0.0
    for i in 0..<data.count {
      let x = data.features.scalars[i]
      let t = 2 * Double.pi * x
      let y1 = 16 * Foundation.pow(Foundation.sin(t), 3) / 20
      let y2 =
        (13 * Foundation.cos(t) - 5 * Foundation.cos(2 * t) - 2 * Foundation.cos(3 * t)
          - Foundation.cos(4 * t)) / 20
      #expect(Swift.abs(x - Double(i) / 100) < 1e-12)
      worst = Swift.max(worst, Swift.abs(data.targets.scalars[2 * i] - (y1 + 1) / 2))
      worst = Swift.max(worst, Swift.abs(data.targets.scalars[2 * i + 1] - (y2 + 1) / 2))
    }
    // Tolerance: the file holds 17 significant digits computed with numpy; libm differences
    // and the decimal round trip stay below 1e-12.
    #expect(worst < 1e-12)
  }

  @Test func digitsFeaturesAreCountsFrom0To16() throws {
    let data: Dataset<Float> = try BundledDataset.digits.load()
    #expect(data.features.scalars.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
    #expect(data.features.scalars.contains(16))
  }

  @Test func attributionNamesTheSourcesAndLicences() throws {
    let text = try BundledDataset.attribution()
    for phrase in [
      "CC BY 4.0", "CC BY-SA 3.0", "BSD-3-Clause", "Fisher", "Wolberg", "Alpaydin", "Forina",
      "planar_flower", "heart_curve", "LeCun",
    ] {
      #expect(text.contains(phrase), "ATTRIBUTION.md does not mention \(phrase)")
    }
  }
}
