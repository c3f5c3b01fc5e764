import Foundation
import GateKitCompression
import Testing

// The DEFLATE inputs that the FuzzInflate target in Fuzz/ exercises: every file of its seed
// corpus (Fuzz/Corpus/inflate, written by Fuzz/make-corpus.py) must inflate behind a gzip
// header. (The CSV and IDX seeds are checked in GateKitDataTests.)

/// The files of one seed-corpus folder, by name.
private func corpus(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
  let folder = URL(filePath: #filePath).deletingLastPathComponent()
    .appending(path: "../../Fuzz/Corpus/\(target)").standardized
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  return try names.map { ($0, [UInt8](try Data(contentsOf: folder.appending(path: $0)))) }
}

@Suite("Fuzz seed corpus: inflate")
struct InflateCorpusTests {
  @Test("every DEFLATE seed inflates behind a gzip header")
  func inflateCorpus() throws {
    let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    let files = try corpus("inflate")
    #expect(files.count >= 5)
    for file in files {
      #expect(throws: Never.self, "\(file.name)") {
        _ = try Gzip.decompress(header + file.bytes, source: file.name)
      }
    }
  }
}
