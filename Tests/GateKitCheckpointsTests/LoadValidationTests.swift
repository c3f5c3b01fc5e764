import Foundation
import GateKit
import Testing

private func model<S: TensorScalar>(_: S.Type, seed: UInt64) throws -> Sequential<S> {
  var generator = SeededGenerator(seed: seed)
  return try Sequential<S>([
    Dense(4, 5, using: &generator), ReLU(), Dense(5, 3, using: &generator),
  ])
}

/// The one-line message of what `body` throws, or `"no error"`.
private func message(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}

/// The values that no parameter may hold.
enum NonFiniteValue: String, CaseIterable, Sendable {
  case nan, plusInfinity, minusInfinity

  func value<S: BinaryFloatingPoint>(_: S.Type) -> S {
    switch self {
    case .nan: .nan
    case .plusInfinity: .infinity
    case .minusInfinity: -.infinity
    }
  }

  /// How a message writes it.
  var text: String {
    switch self {
    case .nan: "nan"
    case .plusInfinity: "inf"
    case .minusInfinity: "-inf"
    }
  }
}

@Suite("Loading rejects what a model cannot use")
struct LoadValidationTests {
  /// `layers.0.weight` [4, 5] with one bad value at [2, 3], in F32 or F64: loading it
  /// into a model (`Float` or `Double`) fails, naming the file, the tensor and the
  /// element, and leaves the model unchanged.
  @Test(arguments: NonFiniteValue.allCases, ["F32", "F64"])
  func aNonFiniteParameterIsRefused(value: NonFiniteValue, dtype: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "bad.safetensors")
    var archive = try model(Double.self, seed: 1).parameterArchive()
    var scalars = archive.tensors["layers.0.weight"]!.tensor(as: Double.self).scalars
    scalars[2 * 5 + 3] = value.value(Double.self)
    let weight = try Tensor<Double>(shape: [4, 5], scalars: scalars)
    archive.tensors["layers.0.weight"] =
      dtype == "F32" ? .float32(Tensor(weight)) : .float64(weight)
    try archive.write(to: url)

    var float = try model(Float.self, seed: 2)
    var double = try model(Double.self, seed: 3)
    let (floatBefore, doubleBefore) = (
      float.parameters.map(\.parameter.value), double.parameters.map(\.parameter.value)
    )
    let expected =
      "loadParameters(from: \(url.path)): non-finite value at tensor 'layers.0.weight', element [2, 3] (\(value.text))"
    #expect(message { try float.loadParameters(from: url) } == expected)
    #expect(message { try double.loadParameters(from: url) } == expected)
    #expect(
      message { try float.loadParameters(from: archive, source: "run.safetensors") }
        == "loadParameters(from: run.safetensors): non-finite value at tensor 'layers.0.weight', element [2, 3] (\(value.text))"
    )
    #expect(throws: GateKitError.self) { try double.loadParameters(from: archive, source: "x") }
    #expect(float.parameters.map(\.parameter.value) == floatBefore)
    #expect(double.parameters.map(\.parameter.value) == doubleBefore)
  }

  /// An F64 value beyond `Float`'s range would load as an infinity into a `Float` model.
  @Test func aDoubleTooLargeForAFloatModelIsRefused() throws {
    var archive = try model(Double.self, seed: 1).parameterArchive()
    var scalars = archive.tensors["layers.2.bias"]!.tensor(as: Double.self).scalars
    scalars[1] = -1e300
    archive.tensors["layers.2.bias"] = .float64(try Tensor(shape: [3], scalars: scalars))
    var float = try model(Float.self, seed: 2)
    #expect(
      message { try float.loadParameters(from: archive, source: "big") }
        == "loadParameters(from: big): non-finite value at tensor 'layers.2.bias', element [1] (-1e+300 is -inf as Float)"
    )
    var double = try model(Double.self, seed: 2)
    try double.loadParameters(from: archive, source: "big")
  }

  /// Optimizer state holding a NaN or an infinity is refused, naming the file and the
  /// tensor; the optimizer is unchanged.
  @Test(arguments: NonFiniteValue.allCases, ["F32", "F64"])
  func nonFiniteOptimizerStateIsRefused(value: NonFiniteValue, dtype: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "adam.safetensors")
    var trained = try model(Float.self, seed: 1)
    var optimizer = try Adam<Float>(learningRate: 0.01)
    var generator = SeededGenerator(seed: 5)
    var loss = MeanSquaredError<Float>()
    _ = try loss(
      trained.forward(Tensor<Float>.normal(shape: [2, 4], using: &generator)),
      Tensor<Float>.normal(shape: [2, 3], using: &generator))
    _ = try trained.backward(loss.backward())
    try optimizer.update(&trained)
    var archive = optimizer.stateArchive()
    let name = try #require(archive.tensors.keys.sorted().first { $0.hasPrefix("layers.2.bias.") })
    var scalars = archive.tensors[name]!.tensor(as: Double.self).scalars
    scalars[2] = value.value(Double.self)
    let tensor = try Tensor<Double>(shape: [3], scalars: scalars)
    archive.tensors[name] = dtype == "F32" ? .float32(Tensor(tensor)) : .float64(tensor)
    try archive.write(to: url)

    var fresh = try Adam<Float>(learningRate: 0.5)
    #expect(
      message { try fresh.loadState(from: url, for: trained) }
        == "Adam.loadState(from: \(url.path)): non-finite value at tensor '\(name)', element [2] (\(value.text))"
    )
    #expect(fresh.learningRate == 0.5 && fresh.state.step == 0 && fresh.state.tensors.isEmpty)
  }

  /// A tensor missing from a file, or one the model lacks, is an error naming the file.
  @Test func aMissingOrExtraTensorNamesTheFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "partial.safetensors")
    var archive = try model(Double.self, seed: 1).parameterArchive()
    archive.tensors["layers.2.bias"] = nil
    try archive.write(to: url)
    var target = try model(Double.self, seed: 2)
    #expect(
      message { try target.loadParameters(from: url) }
        == "\(url.path), tensor 'layers.2.bias': missing (the model has this parameter, of shape [3])"
    )
    archive = try model(Double.self, seed: 1).parameterArchive()
    archive.tensors["layers.9.weight"] = .float64(Tensor<Double>(1))
    try archive.write(to: url)
    #expect(
      message { try target.loadParameters(from: url) }
        == "\(url.path), tensor 'layers.9.weight': the model has no parameter of this name"
    )
  }
}
