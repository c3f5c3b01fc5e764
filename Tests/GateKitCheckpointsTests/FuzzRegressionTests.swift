import Foundation
import GateKit
import Testing

// Inputs for the safetensors decoder that the FuzzSafetensors target (Fuzz/) exercises:
// every file of the seed corpus (Fuzz/Corpus/safetensors, written by Fuzz/make-corpus.py)
// must decode or throw a GateKitError, never crash, and the valid seeds must decode.
// Inputs the fuzzer found crashing go below as byte literals, with the error they must
// now raise.

/// The files of the safetensors seed corpus, by name.
private func safetensorsCorpus() throws -> [(name: String, data: Data)] {
  let folder = URL(filePath: #filePath).deletingLastPathComponent()
    .appending(path: "../../Fuzz/Corpus/safetensors").standardized
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  return try names.map { ($0, try Data(contentsOf: folder.appending(path: $0))) }
}

@Suite("Safetensors fuzz seed corpus and regressions")
struct SafetensorsFuzzRegressionTests {
  @Test("every safetensors seed decodes or throws a GateKitError")
  func corpus() throws {
    let files = try safetensorsCorpus()
    #expect(files.count >= 10)
    var valid: [String] = []
    for file in files {
      do {
        let archive = try SafetensorsArchive(decoding: file.data, source: file.name)
        // A decoded archive survives a round trip.
        let again = try SafetensorsArchive(decoding: try archive.encoded(), source: file.name)
        #expect(again.tensors.mapValues(\.shape) == archive.tensors.mapValues(\.shape))
        #expect(again.metadata == archive.metadata)
        valid.append(file.name)
      } catch is GateKitError {
      } catch {
        Issue.record("\(file.name): unexpected error type: \(error)")
      }
    }
    #expect(
      valid == [
        "empty-header.safetensors", "empty-tensor.safetensors", "f32.safetensors",
        "f64-metadata.safetensors", "two-tensors.safetensors", "unicode-name.safetensors",
        "unpadded.safetensors",
      ])
  }
}
