import Foundation
import GateKit
import GateKitTestSupport
import Testing

// The error catalog rows of GateKitCheckpoints: every row is a bad input to a public entry point
// that must throw a typed `GateKitError` naming what was wrong and where. Docs/Errors.md lists the
// same rows; the shared helpers are in Tests/GateKitTestSupport/ErrorCatalog.swift.

/// Bad checkpoints (GateKitCheckpoints).
let checkpointBadInputs: [BadInput] = [
  BadInput(
    "Gate.loadParameters(from:)", "a missing file", "malformedData", ["no-such-file.safetensors"]
  ) {
    var model = try Fixture.dense()
    try model.loadParameters(from: URL(fileURLWithPath: "/nonexistent/no-such-file.safetensors"))
  },
  BadInput(
    "Gate.loadParameters(from:)", "a text file", "malformedData", ["safetensors"]
  ) {
    let url = try temporaryFile("notes.safetensors", Data("just some text\n".utf8))
    defer { try? FileManager.default.removeItem(at: url) }
    var model = try Fixture.dense()
    try model.loadParameters(from: url)
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "a weight of another shape", "shapeMismatch",
    ["loadParameters(from: other)", "weight", "[3, 2]", "[4, 2]"]
  ) {
    var model = try Fixture.dense()
    try model.loadParameters(from: Fixture.dense(4, 2).parameterArchive(), source: "other")
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "an archive without a parameter", "malformedData",
    ["partial", "tensor 'bias'", "missing"]
  ) {
    var archive = try Fixture.dense().parameterArchive()
    archive.tensors["bias"] = nil
    var model = try Fixture.dense()
    try model.loadParameters(from: archive, source: "partial")
  },
  BadInput(
    "Gate.loadParameters(from:source:)", "an archive with an extra tensor", "malformedData",
    ["extended", "tensor 'extra'", "no parameter of this name"]
  ) {
    var archive = try Fixture.dense().parameterArchive()
    archive.tensors["extra"] = SafetensorsArchive.Entry(Tensor<Double>([1]))
    var model = try Fixture.dense()
    try model.loadParameters(from: archive, source: "extended")
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "the state of another optimizer", "invalidArgument",
    ["SGD.loadState(from: adam.state)", "the state of Adam"]
  ) {
    let model = try Fixture.dense()
    var sgd = try SGD<Double>(learningRate: 0.1)
    try sgd.loadState(from: Adam<Double>().stateArchive(), source: "adam.state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "a negative step", "malformedData",
    ["state", "'step'", "non-negative"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.metadata["step"] = "-3"
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "a NaN learning rate", "malformedData",
    ["'learning_rate'", "finite"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.metadata["learning_rate"] = "nan"
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "state of a parameter the model lacks",
    "invalidArgument", ["'decoder.weight.m'", "no parameter"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.tensors["decoder.weight.m"] = SafetensorsArchive.Entry(Tensor<Double>([1]))
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "Optimizer.loadState(from:source:for:)", "state of another shape", "shapeMismatch",
    ["weight.m", "[3, 2]", "[2]"]
  ) {
    let model = try Fixture.dense()
    var archive = try Adam<Double>().stateArchive()
    archive.tensors["weight.m"] = SafetensorsArchive.Entry(Tensor<Double>([1, 2]))
    var adam = try Adam<Double>()
    try adam.loadState(from: archive, source: "state", for: model)
  },
  BadInput(
    "SafetensorsArchive(decoding:source:)", "a header length past the end", "malformedData",
    ["bad.safetensors"]
  ) {
    _ = try SafetensorsArchive(
      decoding: Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x7B]), source: "bad.safetensors")
  },
]

/// A small model and data used by several rows.
private enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }
}

@Suite("Error catalog: checkpoints")
struct ErrorCatalogTests {
  @Test(arguments: checkpointBadInputs)
  func checkpoint(_ bad: BadInput) {
    expectCatalogued(bad, module: "GateKitCheckpoints", test: "ErrorCatalogTests.checkpoint")
  }
}
