import Foundation
import GateKit
import Testing

/// The README's "Your own table, in code" path, step for step, on the bundled wine.csv read
/// as a user's own file: CSV → split → standardize → fit → evaluate → save (with the
/// standardizer's statistics) → load → predict.
@Suite("A user's own table: the README's path in code")
struct OwnTableTests {
  static let wine = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/GateKitDatasets/Data/wine.csv")

  @Test func readSplitStandardizeFitEvaluateSaveAndReload() throws {
    let table = try CSVTable(contentsOf: Self.wine)
    let data: Dataset<Float> = try table.classificationDataset(labelColumn: "label")
    #expect(data.count == 178 && data.featureCount == 13 && data.classCount == 3)
    let (rawTrain, rawTest) = try data.split(
      testIndices: Array(stride(from: 0, to: data.count, by: 5)))
    #expect(rawTrain.count == 142 && rawTest.count == 36)

    let standardizer = try Standardizer(fitting: rawTrain.features)
    let train = try rawTrain.replacingFeatures(standardizer.transform(rawTrain.features))
    let test = try rawTest.replacingFeatures(standardizer.transform(rawTest.features))

    var generator = SeededGenerator(seed: 0)
    let sizes = [train.featureCount, 16, train.classCount ?? 2]
    let model = try Sequential<Float>.perceptron(
      layerSizes: sizes, activation: .relu, using: &generator)
    var trainer = Trainer(
      model: model, loss: SoftmaxCrossEntropy(), optimizer: try Adam(learningRate: 1e-2))
    _ = try trainer.fit(
      train, configuration: TrainingConfiguration(epochs: 30, batchSize: 16, seed: 0))
    let accuracy = try #require(try trainer.evaluate(test).accuracy)
    // Wine is linearly separable: logistic regression and MLPs reach 100 % on a fixed split
    // (shared/data/README.md); a held-out fifth should be at least 90 % right.
    #expect(accuracy >= 0.9, "test accuracy \(accuracy)")

    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gatekit-own-table-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    var archive = trainer.model.parameterArchive(metadata: ["label": "label"])
    archive.tensors["standardizer.mean"] = .init(standardizer.mean)
    archive.tensors["standardizer.standard_deviation"] = .init(standardizer.standardDeviation)
    try archive.write(to: url)

    var saved = try SafetensorsArchive(contentsOf: url)
    let storedMean = saved.tensors.removeValue(forKey: "standardizer.mean")
    let storedDeviation = saved.tensors.removeValue(forKey: "standardizer.standard_deviation")
    let mean = try #require(storedMean)
    let deviation = try #require(storedDeviation)
    let restored = try Standardizer(
      mean: mean.tensor(as: Float.self), standardDeviation: deviation.tensor(as: Float.self))
    var reloaded = try Sequential<Float>.perceptron(
      layerSizes: sizes, activation: .relu, using: &generator)
    try reloaded.loadParameters(from: saved, source: url.path)
    #expect(saved.metadata["label"] == "label")

    // The reloaded model on raw rows, standardized with the restored statistics, gives the
    // trained model's outputs bit for bit.
    let logits = try reloaded(restored.transform(rawTest.features))
    #expect(logits == (try trainer.model(test.features)))
  }
}
