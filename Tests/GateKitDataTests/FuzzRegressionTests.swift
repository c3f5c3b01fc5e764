import Foundation
import GateKitCore
import GateKitData
import Testing

// Inputs for the parsers that the fuzz targets in Fuzz/ exercise: every file of the seed
// corpus (Fuzz/Corpus, written by Fuzz/make-corpus.py) must give a value or a
// GateKitError, never a crash, and the valid seeds must parse. Inputs the fuzzers found
// crashing go below as byte literals, with the error they must now raise.

/// The files of one seed-corpus folder, by name.
private func corpus(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
  let folder = URL(filePath: #filePath).deletingLastPathComponent()
    .appending(path: "../../Fuzz/Corpus/\(target)").standardized
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  return try names.map { ($0, [UInt8](try Data(contentsOf: folder.appending(path: $0)))) }
}

/// Reads bytes as `IDXArray(contentsOf:)` reads a file (the path of the FuzzIDX target).
private func idxArray(_ bytes: [UInt8], source: String) throws -> IDXArray {
  try IDXArray(decoding: bytes, source: source)
}

/// Whether `body` returns or throws a GateKitError (any other error is a failure).
private func parsesOrThrowsGateKitError(_ body: () throws -> Void) -> Bool {
  do {
    try body()
    return true
  } catch is GateKitError {
    return false
  } catch {
    Issue.record("unexpected error type: \(error)")
    return false
  }
}

@Suite("Fuzz seed corpus and regressions")
struct FuzzRegressionTests {
  @Test("every CSV seed parses or throws a GateKitError")
  func csvCorpus() throws {
    let files = try corpus("csv")
    #expect(files.count >= 10)
    var valid: [String] = []
    for file in files {
      let text = String(decoding: file.bytes, as: UTF8.self)
      if parsesOrThrowsGateKitError({ _ = try CSVTable(parsing: text, source: file.name) }) {
        valid.append(file.name)
      }
    }
    #expect(
      valid == [
        "basic.csv", "bom.csv", "cr-only.csv", "crlf.csv", "header-only.csv",
        "no-trailing-newline.csv", "spaces.csv", "unicode.csv",
      ])
  }

  @Test("every IDX seed, raw or gzip, parses or throws a GateKitError")
  func idxCorpus() throws {
    let files = try corpus("idx")
    #expect(files.count >= 10)
    var valid: [String] = []
    for file in files {
      if parsesOrThrowsGateKitError({ _ = try idxArray(file.bytes, source: file.name) }) {
        valid.append(file.name)
      }
    }
    #expect(
      valid == [
        "all-header-fields.gz", "padded.gz", "two-members.gz", "u8-empty", "u8-empty.gz",
        "u8-rank1", "u8-rank1.gz", "u8-rank3", "u8-rank3-stored.gz", "u8-rank3.gz", "u8-rank8",
      ])
  }
}
