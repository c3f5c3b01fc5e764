import Foundation
import GateKit
import Testing

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appending(path: "gatekit-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

private func model<S: TensorScalar>(_: S.Type, seed: UInt64) throws -> Sequential<S> {
  var generator = SeededGenerator(seed: seed)
  return try Sequential<S>([
    Dense(4, 5, using: &generator), ReLU(), Dense(5, 3, using: &generator),
  ])
}

/// A safetensors file from a JSON header and a payload.
private func file(header: String, payload: [UInt8] = [], length: UInt64? = nil) -> Data {
  var data = Data()
  let json = Array(header.utf8)
  withUnsafeBytes(of: (length ?? UInt64(json.count)).littleEndian) { data.append(contentsOf: $0) }
  data.append(contentsOf: json)
  data.append(contentsOf: payload)
  return data
}

private func reason(_ data: Data) -> String {
  do {
    _ = try SafetensorsArchive(decoding: data, source: "test.safetensors")
    return "no error"
  } catch let GateKitError.malformedData(source, location, reason) {
    return "\(source) | \(location) | \(reason)"
  } catch {
    return "other error: \(error)"
  }
}

@Suite("Checkpoints in safetensors")
struct CheckpointTests {
  @Test func aSavedModelLoadsBitIdenticallyInFloatAndDouble() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var generator = SeededGenerator(seed: 9)
    let x = try Tensor<Double>.normal(shape: [6, 4], using: &generator)

    var trained = try model(Float.self, seed: 1)
    let url = directory.appending(path: "float.safetensors")
    try trained.saveParameters(to: url, metadata: ["epochs": "3"])
    var loaded = try model(Float.self, seed: 2)
    #expect(try loaded.loadParameters(from: url) == ["epochs": "3"])
    #expect(
      try loaded.forward(Tensor<Float>(x)).scalars == trained.forward(Tensor<Float>(x)).scalars)

    var double = try model(Double.self, seed: 3)
    let doubleURL = directory.appending(path: "double.safetensors")
    try double.saveParameters(to: doubleURL)
    var other = try model(Double.self, seed: 4)
    try other.loadParameters(from: doubleURL)
    #expect(try other.forward(x).scalars == double.forward(x).scalars)
  }

  @Test func theLayoutIsSafetensors() throws {
    let archive = SafetensorsArchive(
      tensors: ["b": .float32(Tensor<Float>([1, 2])), "a": .float64(Tensor<Double>(3))],
      metadata: ["format": "pt"])
    let data = try archive.encoded()
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.1) << (8 * $1.0) }
    #expect(length % 8 == 0)
    let header =
      try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any]
    let a = header?["a"] as? [String: Any]
    let b = header?["b"] as? [String: Any]
    #expect(a?["dtype"] as? String == "F64" && (a?["shape"] as? [Int]) == [])
    #expect((a?["data_offsets"] as? [Int]) == [0, 8] && (b?["data_offsets"] as? [Int]) == [8, 16])
    #expect((header?["__metadata__"] as? [String: String]) == ["format": "pt"])
    #expect(data.count == 8 + length + 16)
    // Float 1.0 little-endian: 00 00 80 3F.
    #expect(Array(data.suffix(8)) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
    #expect(try SafetensorsArchive(decoding: data, source: "memory") == archive)
  }

  @Test func hostileFilesAreErrorsThatSayWhatAndWhere() throws {
    let four: [UInt8] = [0, 0, 0x80, 0x3F]
    let cases: [(String, Data, String)] = [
      ("truncated", Data([1, 2, 3]), "too short for the 8-byte header length"),
      ("header length beyond the file", file(header: "{}", length: 1000), "runs past the end"),
      ("giant header length", file(header: "{}", length: UInt64.max), "exceeds the limit"),
      ("invalid JSON", file(header: "{\"a\": [1,"), "not a JSON object"),
      ("not an object", file(header: "[1, 2]"), "not a JSON object"),
      (
        "wrong dtype",
        file(header: #"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}}"#, payload: four),
        "dtype I8 is not supported"
      ),
      (
        "missing dtype", file(header: #"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, payload: four),
        "missing dtype"
      ),
      (
        "giant shape",
        file(
          header:
            #"{"a":{"dtype":"F32","shape":[100000000000,100000000000],"data_offsets":[0,4]}}"#,
          payload: four), "holds more elements than"
      ),
      (
        "negative shape",
        file(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, payload: four),
        "non-negative integers"
      ),
      (
        "size mismatch",
        file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, payload: four),
        "needs 8 bytes but data_offsets cover 4"
      ),
      (
        "range beyond payload",
        file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, payload: four),
        "run past the 4-byte payload"
      ),
      (
        "overlapping ranges",
        file(
          header:
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
          payload: four), "overlap"
      ),
      (
        "gap",
        file(
          header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, payload: four + four),
        "belong to no tensor"
      ),
      (
        "trailing bytes",
        file(
          header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, payload: four + four),
        "bytes 4..<8 belong to no tensor"
      ),
      ("bad metadata", file(header: #"{"__metadata__":{"a":1}}"#), "must map strings to strings"),
      (
        "reversed offsets",
        file(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, payload: four),
        "0 ≤ begin ≤ end"
      ),
    ]
    for (name, data, expected) in cases {
      let message = reason(data)
      #expect(message.hasPrefix("test.safetensors | "), "\(name): \(message)")
      #expect(message.contains(expected), "\(name): \(message)")
    }
    // The location names the tensor.
    #expect(reason(cases[5].1).contains("tensor 'a'"))
  }

  @Test func aFileThatDoesNotMatchTheModelIsAnErrorAndChangesNothing() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "m.safetensors")
    let original = try model(Double.self, seed: 1)
    var target = try model(Double.self, seed: 2)
    let before = target.parameters.map(\.parameter.value)

    var missing = try SafetensorsArchive(
      decoding: try Data(contentsOf: save(original, url)), source: "")
    missing.tensors["layers.2.bias"] = nil
    try missing.encoded().write(to: url)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "tensor 'layers.2.bias'",
        reason: "missing (the model has this parameter, of shape [3])")
    ) {
      try target.loadParameters(from: url)
    }

    var extra = try SafetensorsArchive(
      decoding: try Data(contentsOf: save(original, url)), source: "")
    extra.tensors["layers.9.weight"] = .float64(Tensor<Double>(1))
    try extra.encoded().write(to: url)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "tensor 'layers.9.weight'",
        reason: "the model has no parameter of this name")
    ) {
      try target.loadParameters(from: url)
    }

    var wrongShape = try SafetensorsArchive(
      decoding: try Data(contentsOf: save(original, url)), source: "")
    wrongShape.tensors["layers.0.bias"] = .float64(try Tensor<Double>(zeros: [4]))
    try wrongShape.encoded().write(to: url)
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "loadParameters(from: \(url.path)): layers.0.bias", expected: "shape [5]",
        actual: [4])
    ) {
      try target.loadParameters(from: url)
    }
    #expect(target.parameters.map(\.parameter.value) == before)

    let unreadable = directory.appending(path: "absent.safetensors")
    #expect(throws: GateKitError.self) { try target.loadParameters(from: unreadable) }
  }

  @Test func savingReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "m.safetensors")
    try Data("old".utf8).write(to: url)
    let saved = try model(Float.self, seed: 5)
    try saved.saveParameters(to: url)
    var loaded = try model(Float.self, seed: 6)
    try loaded.loadParameters(from: url)
    #expect(loaded.parameters.map(\.parameter.value) == saved.parameters.map(\.parameter.value))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.safetensors"])
    // A directory that does not exist: an error, nothing written.
    #expect(throws: GateKitError.self) {
      try saved.saveParameters(to: directory.appending(path: "missing/m.safetensors"))
    }
  }

  private func save(_ gate: some Gate, _ url: URL) throws -> URL {
    try gate.saveParameters(to: url)
    return url
  }
}
