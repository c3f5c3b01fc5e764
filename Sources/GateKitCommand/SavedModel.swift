import Foundation
import GateKit

/// A model file written by `gatekit train --save`: the perceptron's parameters (named by
/// path, `layers.0.weight` …), the training set's standardization statistics for tabular
/// data (`standardizer.mean`, `standardizer.standard_deviation`), and in `__metadata__`
/// what rebuilds the model: `layer_sizes` (a JSON array such as `[64, 512, 10]`),
/// `activation`, `loss` and `dataset`. Python writes the same layout with
/// `safetensors.numpy.save_file(tensors, path, metadata=…)`.
struct SavedModel {
  /// The model.
  var model: Sequential<Float>
  /// The statistics the inputs are standardized with, if any.
  var standardizer: Standardizer<Float>?
  /// The file's metadata.
  var metadata: [String: String]
  /// The number of input features.
  var inputSize: Int

  static let meanName = "standardizer.mean"
  static let deviationName = "standardizer.standard_deviation"

  /// The archive to save: the model's parameters, the standardizer and the metadata.
  static func archive(
    of model: Sequential<Float>, standardizer: Standardizer<Float>?, metadata: [String: String]
  ) -> SafetensorsArchive {
    var archive = model.parameterArchive(metadata: metadata)
    if let standardizer {
      archive.tensors[meanName] = .float32(standardizer.mean)
      archive.tensors[deviationName] = .float32(standardizer.standardDeviation)
    }
    return archive
  }

  /// Reads a model file and rebuilds the model it describes.
  ///
  /// - Throws: `GateKitError.malformedData` for a file that is not a valid model file
  ///   (naming the metadata key or tensor), and what loading the parameters throws.
  init(contentsOf url: URL) throws {
    var archive = try SafetensorsArchive(contentsOf: url)
    func malformed(_ key: String, _ reason: String) -> GateKitError {
      .malformedData(source: url.path, location: "header, __metadata__ '\(key)'", reason: reason)
    }
    let metadata = archive.metadata
    guard let sizesText = metadata["layer_sizes"],
      let sizes = Self.integers(inJSONArray: sizesText), sizes.count >= 2,
      sizes.allSatisfy({ $0 > 0 })
    else {
      throw malformed("layer_sizes", "must be a JSON array of at least two positive sizes")
    }
    guard sizes.count <= 1000, sizes.allSatisfy({ $0 <= 100_000_000 }) else {
      throw malformed("layer_sizes", "must hold at most 1000 sizes of at most 100000000 each")
    }
    guard let activation = metadata["activation"].flatMap(Activation.init(rawValue:)) else {
      throw malformed(
        "activation",
        "must be one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    try Self.checkObjective(metadata, outputs: sizes[sizes.count - 1], malformed: malformed)
    let mean = archive.tensors.removeValue(forKey: Self.meanName)
    let deviation = archive.tensors.removeValue(forKey: Self.deviationName)
    switch (mean, deviation) {
    case (let mean?, let deviation?):
      guard mean.shape == [sizes[0]] else {
        throw GateKitError.shapeMismatch(
          operation: "\(url.lastPathComponent): \(Self.meanName)",
          expected: "[\(sizes[0])], the input size", actual: mean.shape)
      }
      standardizer = try Standardizer(
        mean: mean.tensor(as: Float.self), standardDeviation: deviation.tensor(as: Float.self))
    case (nil, nil):
      guard metadata["standardized"] != "true" else {
        throw GateKitError.malformedData(
          source: url.path, location: "tensors",
          reason:
            "the metadata says the inputs were standardized, but \(Self.meanName) and \(Self.deviationName) are missing"
        )
      }
      standardizer = nil
    default:
      throw GateKitError.malformedData(
        source: url.path, location: "tensors",
        reason: "\(Self.meanName) and \(Self.deviationName) must come together")
    }
    // Check the weights' shapes before building the model: the sizes come from the file, and
    // a few bytes of metadata must not make the perceptron allocate a huge matrix.
    for (index, (input, output)) in zip(sizes, sizes.dropFirst()).enumerated() {
      let name = "layers.\(2 * index).weight"
      guard let weight = archive.tensors[name] else {
        throw GateKitError.malformedData(
          source: url.path, location: "tensors",
          reason:
            "'\(name)' is missing (layer_sizes \(quotable("\(sizes)")) needs a [\(input), \(output)] weight)"
        )
      }
      guard weight.shape == [input, output] else {
        throw GateKitError.shapeMismatch(
          operation: "\(url.lastPathComponent): \(name)",
          expected: "[\(input), \(output)] from layer_sizes \(quotable("\(sizes)"))",
          actual: weight.shape)
      }
    }
    var generator = SeededGenerator(seed: 0)
    model = try Sequential<Float>.perceptron(
      layerSizes: sizes, activation: activation, using: &generator)
    try model.loadParameters(from: archive, source: url.path)
    self.metadata = metadata
    inputSize = sizes[0]
  }

  /// Throws when the metadata's `loss` or `task` is unknown or contradicts the model's
  /// output size (a `bce` model has one output, a `cross-entropy` one at least two).
  private static func checkObjective(
    _ metadata: [String: String], outputs: Int, malformed: (String, String) -> GateKitError
  ) throws {
    let task = metadata["task"] ?? "classification"
    guard ["classification", "regression"].contains(task) else {
      throw malformed("task", "must be classification or regression")
    }
    switch (metadata["loss"] ?? "cross-entropy", task) {
    case ("cross-entropy", "classification") where outputs >= 2: break
    case ("bce", "classification") where outputs == 1: break
    case ("mse", _): break
    case (let loss, _):
      throw malformed(
        "loss",
        "'\(quotable(loss))' does not fit a \(task) model with \(outputs) output\(outputs == 1 ? "" : "s") (cross-entropy needs at least 2, bce exactly 1; mse fits any)"
      )
    }
  }

  /// The raw test split of `--dataset NAME` (from `--data-dir` for MNIST layouts), or of
  /// the dataset the model was trained on.
  ///
  /// - Throws: `GateKitError.invalidArgument` when neither names a dataset, and what
  ///   loading it throws.
  func testSet(dataset option: String?, directory: String?, command: String) throws -> (
    name: String, data: Dataset<Float>
  ) {
    guard let name = option ?? metadata["dataset"] else {
      throw GateKitError.invalidArgument(
        operation: "gatekit \(command)", reason: "the model names no dataset: pass --dataset NAME")
    }
    return (name, try TrainCommand.loadData(named: name, directory: directory, command: command).1)
  }

  /// Features as the model expects them: standardized when the model was trained so.
  ///
  /// - Throws: `GateKitError.invalidArgument` naming `source` when the features are not
  ///   a non-empty matrix with the model's input size.
  func prepare(_ features: Tensor<Float>, from source: String) throws -> Tensor<Float> {
    guard features.rank == 2, features.shape[0] > 0, features.shape[1] == inputSize else {
      throw GateKitError.invalidArgument(
        operation: "model input",
        reason:
          "\(source) has features of shape \(features.shape); the model takes rows of \(inputSize) features"
      )
    }
    return try standardizer?.transform(features) ?? features
  }

  /// `[64, 512, 10]` (or `64,512,10`) as integers.
  private static func integers(inJSONArray text: String) -> [Int]? {
    let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
    let values = inner.split(separator: ",").map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    return values.contains(nil) ? nil : values.compactMap { $0 }
  }
}
