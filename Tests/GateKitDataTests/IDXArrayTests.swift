import Foundation
import GateKitCompression
import GateKitCore
import GateKitData
import GateKitTestSupport
import Testing

/// Malformed IDX bytes and the exact error they must produce.
struct MalformedIDX: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  let offset: Int
  let reason: String
  var testDescription: String { name }
}

@Suite("IDX arrays")
struct IDXArrayTests {
  // MARK: Parsing

  @Test func oneDimensionalLabelsParse() throws {
    let array = try IDXArray(parsing: [0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1], source: "labels")
    #expect(array.shape == [3])
    #expect(array.bytes == [7, 2, 1])
  }

  @Test func threeDimensionalImagesParseInRowMajorOrder() throws {
    let payload: [UInt8] = Array(0..<12).map { $0 * 20 }
    let array = try IDXArray(
      parsing: [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + payload, source: "images")
    #expect(array.shape == [2, 2, 3])
    #expect(array.bytes == payload)
  }

  @Test func dimensionsAreBigEndian() throws {
    let payload = [UInt8](repeating: 5, count: 0x0102)
    let array = try IDXArray(parsing: [0, 0, 0x08, 1, 0, 0, 0x01, 0x02] + payload, source: "x")
    #expect(array.shape == [258])
    #expect(array.bytes == payload)
  }

  @Test func eightDimensionsAndEmptyArraysAreAccepted() throws {
    let eight = try IDXArray(
      parsing: idxBytes(shape: [1, 2, 1, 1, 1, 1, 1, 2], payload: [1, 2, 3, 4]), source: "x")
    #expect(eight.shape == [1, 2, 1, 1, 1, 1, 1, 2])
    #expect(eight.bytes == [1, 2, 3, 4])
    let empty = try IDXArray(parsing: idxBytes(shape: [0, 28, 28], payload: []), source: "x")
    #expect(empty.shape == [0, 28, 28])
    #expect(empty.bytes.isEmpty)
  }

  // MARK: Malformed bytes

  static let malformed: [MalformedIDX] = [
    MalformedIDX(
      name: "empty", bytes: [], offset: 0,
      reason: "the file ends inside the 4-byte magic number"),
    MalformedIDX(
      name: "three bytes", bytes: [0, 0, 0x08], offset: 3,
      reason: "the file ends inside the 4-byte magic number"),
    MalformedIDX(
      name: "bad magic", bytes: [0x1F, 0x8B, 0x08, 1, 0, 0, 0, 0], offset: 0,
      reason: "bad magic number: an IDX file starts with two zero bytes, found 0x1f 0x8b"),
    MalformedIDX(
      name: "second magic byte nonzero", bytes: [0, 1, 0x08, 1, 0, 0, 0, 0], offset: 0,
      reason: "bad magic number: an IDX file starts with two zero bytes, found 0x00 0x01"),
    MalformedIDX(
      name: "signed-int type 0x0C", bytes: [0, 0, 0x0C, 1, 0, 0, 0, 0], offset: 2,
      reason: "unsupported data type 0x0c (only 0x08, unsigned bytes, is supported)"),
    MalformedIDX(
      name: "rank 0", bytes: [0, 0, 0x08, 0], offset: 3,
      reason: "unsupported number of dimensions 0"),
    MalformedIDX(
      name: "rank 9", bytes: idxBytes(shape: Array(repeating: 1, count: 9), payload: [1]),
      offset: 3, reason: "unsupported number of dimensions 9"),
    MalformedIDX(
      name: "header truncated", bytes: [0, 0, 0x08, 2, 0, 0, 0, 1, 0, 0], offset: 10,
      reason: "the file ends inside the header (12 bytes for 2 dimensions)"),
    MalformedIDX(
      name: "header missing", bytes: [0, 0, 0x08, 3], offset: 4,
      reason: "the file ends inside the header (16 bytes for 3 dimensions)"),
    MalformedIDX(
      name: "payload truncated", bytes: idxBytes(shape: [2, 2], payload: [1, 2, 3]), offset: 15,
      reason: "payload truncated: dimensions [2, 2] need 4 bytes, found 3"),
    MalformedIDX(
      name: "trailing bytes", bytes: idxBytes(shape: [2], payload: [1, 2, 3, 4]), offset: 10,
      reason: "payload has trailing bytes: dimensions [2] need 2 bytes, found 4"),
    MalformedIDX(
      name: "one dimension above the maximum", bytes: idxBytes(shape: [(1 << 31) + 1], payload: []),
      offset: 4, reason: "dimensions [2147483649] describe more than 2147483648 bytes"),
    MalformedIDX(
      name: "product above the maximum at the second dimension",
      bytes: idxBytes(shape: [65_536, 32_769, 1], payload: []), offset: 8,
      reason: "dimensions [65536, 32769] describe more than 2147483648 bytes"),
    MalformedIDX(
      name: "product that would overflow Int",
      bytes: idxBytes(shape: Array(repeating: 65_536, count: 5), payload: []), offset: 8,
      reason: "dimensions [65536, 65536] describe more than 2147483648 bytes"),
    MalformedIDX(
      name: "eight maximal dimensions",
      bytes: idxBytes(shape: Array(repeating: 0xFFFF_FFFF, count: 8), payload: []), offset: 4,
      reason: "dimensions [4294967295] describe more than 2147483648 bytes"),
    // Exactly `maximumSize` passes the size check; the missing payload is then reported
    // without allocating 2 GiB.
    MalformedIDX(
      name: "maximum size without payload", bytes: idxBytes(shape: [1 << 31], payload: []),
      offset: 8, reason: "payload truncated: dimensions [2147483648] need 2147483648 bytes, found 0"
    ),
  ]

  @Test("Malformed bytes throw malformedData naming the byte offset", arguments: malformed)
  func malformedBytesThrow(_ example: MalformedIDX) {
    #expect(
      throws: GateKitError.malformedData(
        source: "bad.idx", location: "byte \(example.offset)", reason: example.reason)
    ) {
      try IDXArray(parsing: example.bytes, source: "bad.idx")
    }
  }

  @Test func maximumSizeIsTwoGibibytes() {
    #expect(IDXArray.maximumSize == 2_147_483_648)
  }

  // MARK: Tensors

  @Test func tensorKeepsTheShapeAndTheRawValuesByDefault() throws {
    let array = try IDXArray(
      parsing: idxBytes(shape: [2, 1, 3], payload: [0, 1, 2, 128, 254, 255]), source: "x")
    let float: Tensor<Float> = array.tensor()
    #expect(float == (try Tensor(shape: [2, 1, 3], scalars: [0, 1, 2, 128, 254, 255])))
    let double: Tensor<Double> = array.tensor()
    #expect(double == (try Tensor(shape: [2, 1, 3], scalars: [0, 1, 2, 128, 254, 255])))
  }

  @Test func tensorScalesEveryByte() throws {
    let bytes: [UInt8] = [0, 1, 51, 128, 254, 255]
    let array = try IDXArray(parsing: idxBytes(shape: [2, 3], payload: bytes), source: "x")
    let expected = try Tensor<Double>(shape: [2, 3], scalars: bytes.map { Double($0) / 255 })

    let double: Tensor<Double> = array.tensor(scale: 1.0 / 255)
    // Tolerance: fl(b · fl(1/255)) and the reference fl(b/255) differ by at most three
    // roundings of values ≤ 1, each ≤ 2⁻⁵³ ≈ 1.1e-16.
    #expect(maxDifference(double, expected) <= 3.4e-16)
    #expect(try double[1, 2] == 255 * (1.0 / 255))

    let float: Tensor<Float> = array.tensor(scale: 1.0 / 255)
    // Tolerance: the same two roundings in Float, 2 · 2⁻²⁴ ≈ 1.2e-7 for values ≤ 1.
    #expect(maxDifference(Tensor<Double>(float), expected) <= 1.2e-7)
    #expect(float.shape == [2, 3])

    let doubled: Tensor<Float> = array.tensor(scale: 2)
    #expect(doubled.scalars == bytes.map { Float($0) * 2 })
  }

  // MARK: Files

  @Test func gzipCompressedFileEqualsTheRawFile() throws {
    let raw = try IDXArray(contentsOf: IDXFixture.url("idx-images-3x28x28"))
    let compressed = try IDXArray(contentsOf: IDXFixture.url("idx-images-3x28x28", extension: "gz"))
    #expect(compressed.shape == [3, 28, 28])
    #expect(compressed.shape == raw.shape)
    #expect(compressed.bytes == raw.bytes)
    #expect(compressed.bytes == IDXFixture.pixels(images: 3))

    let rawBytes = [UInt8](try Data(contentsOf: IDXFixture.url("idx-images-3x28x28")))
    let parsed = try IDXArray(parsing: rawBytes, source: "raw")
    #expect(compressed.shape == parsed.shape)
    #expect(compressed.bytes == parsed.bytes)
  }

  @Test func gzipCompressedLabelsParse() throws {
    let labels = try IDXArray(contentsOf: IDXFixture.url("idx-labels-3", extension: "gz"))
    #expect(labels.shape == [3])
    #expect(labels.bytes == IDXFixture.testLabels)
  }

  @Test func missingFileThrowsMalformedDataAtFile() throws {
    let url = URL(fileURLWithPath: "/nonexistent-gatekit-directory/train-images-idx3-ubyte")
    let error = try #require(throws: GateKitError.self) { try IDXArray(contentsOf: url) }
    let parts = try #require(malformedDataParts(error))
    #expect(parts.source == url.path)
    #expect(parts.location == "file")
    #expect(parts.reason.hasPrefix("cannot be read"))
  }

  @Test func malformedRawFileIsNamedByItsPath() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("short.idx")
    try Data(idxBytes(shape: [4], payload: [1, 2])).write(to: url)
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "byte 10",
        reason: "payload truncated: dimensions [4] need 4 bytes, found 2")
    ) {
      try IDXArray(contentsOf: url)
    }
  }

  // MARK: Decoding raw or gzip bytes

  @Test("Raw bytes decode as they parse", arguments: malformed)
  func rawBytesDecodeAsTheyParse(_ example: MalformedIDX) throws {
    // The bad-magic example starts with the gzip magic number, so it decodes as gzip.
    guard !Gzip.isCompressed(example.bytes) else { return }
    let expected = GateKitError.malformedData(
      source: "bad.idx", location: "byte \(example.offset)", reason: example.reason)
    #expect(throws: expected) { try IDXArray(decoding: example.bytes, source: "bad.idx") }
  }

  @Test(
    "Gzip bytes that decompress to a malformed array throw what the raw bytes throw",
    arguments: malformed)
  func malformedGzipBytesThrowTheRawError(_ example: MalformedIDX) throws {
    let expected = GateKitError.malformedData(
      source: "bad.idx.gz", location: "byte \(example.offset)", reason: example.reason)
    #expect(throws: expected) {
      try IDXArray(decoding: storedMember(example.bytes), source: "bad.idx.gz")
    }
  }

  @Test(
    "Valid gzip bytes decode to what the raw bytes parse to",
    arguments: [[3], [40], [2, 2, 3], [0, 28, 28], [1, 2, 1, 1, 1, 1, 1, 2], [3, 28, 28]])
  func gzipRoundTripEqualsTheRawParse(_ shape: [Int]) throws {
    let count = shape.reduce(1, *)
    let raw = idxBytes(shape: shape, payload: (0..<count).map { UInt8($0 % 251) })
    let parsed = try IDXArray(parsing: raw, source: "raw")
    for bytes in [raw, storedMember(raw)] {
      let decoded = try IDXArray(decoding: bytes, source: "x")
      #expect(decoded.shape == parsed.shape)
      #expect(decoded.bytes == parsed.bytes)
    }
  }

  @Test func gzipFixtureDecodesAsTheRawFixtureParses() throws {
    let raw = [UInt8](try Data(contentsOf: IDXFixture.url("idx-images-3x28x28")))
    let compressed = [UInt8](
      try Data(contentsOf: IDXFixture.url("idx-images-3x28x28", extension: "gz")))
    let decoded = try IDXArray(decoding: compressed, source: "images.gz")
    let parsed = try IDXArray(parsing: raw, source: "images")
    #expect(decoded.shape == parsed.shape)
    #expect(decoded.bytes == parsed.bytes)
  }

  @Test(
    "Members split anywhere, inside the header or the payload, decode as one",
    arguments: [1, 3, 4, 8, 15, 16, 35, 36, 37, 100, 2367])
  func multiMemberGzipDecodes(_ split: Int) throws {
    let raw = idxBytes(shape: [3, 28, 28], payload: IDXFixture.pixels(images: 3))
    let bytes =
      storedMember(Array(raw[..<split])) + storedMember([]) + storedMember(Array(raw[split...]))
    let decoded = try IDXArray(decoding: bytes, source: "members.gz")
    #expect(decoded.shape == [3, 28, 28])
    #expect(decoded.bytes == IDXFixture.pixels(images: 3))
    // Zero padding after the last member is still ignored.
    let padded = try IDXArray(decoding: bytes + [0, 0, 0, 0], source: "padded.gz")
    #expect(padded.bytes == decoded.bytes)
  }

  @Test func corruptedCRCOfADeclaredSizeMemberIsReported() throws {
    let raw = idxBytes(shape: [3, 28, 28], payload: IDXFixture.pixels(images: 3))
    var bytes = storedMember(raw)
    bytes[bytes.count - 8] ^= 0xFF
    let error = try #require(throws: GateKitError.self) {
      try IDXArray(decoding: bytes, source: "crc.gz")
    }
    let parts = try #require(malformedDataParts(error))
    #expect(parts.source == "crc.gz")
    #expect(parts.location == "byte \(bytes.count - 8)")
    #expect(parts.reason.hasPrefix("CRC-32 mismatch"), "\(parts.reason)")
  }

  // MARK: Decompression bounded by the header

  @Test func gzipBombStopsAtTheDeclaredSize() throws {
    // A header declaring 10 bytes, then 100 MiB of zeros in about 660 KB.
    let bomb = zeroBombMember(prefix: idxBytes(shape: [10], payload: []), zeros: 100 << 20)
    #expect(bomb.count < 700_000)
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("bomb-labels-idx1-ubyte.gz")
    try Data(bomb).write(to: url)
    // Inflating the whole stream would end in the bomb's wrong CRC-32; stopping at the 18
    // declared bytes reports the extra data instead.
    #expect(
      throws: GateKitError.malformedData(
        source: url.path, location: "byte 18",
        reason:
          "payload has trailing bytes: dimensions [10] need 10 bytes, found more than 10 "
          + "(decompression stops at the 18 bytes the header declares)")
    ) {
      try IDXArray(contentsOf: url)
    }
    // The two steps of the bounded path inflate 36 and then 18 bytes.
    let header = try Gzip.decompress(bomb, source: url.path, upTo: 36)
    #expect(header.bytes.count == 36)
    #expect(!header.isComplete)
    let declared = try Gzip.decompress(bomb, source: url.path, upTo: 18)
    #expect(declared.bytes == idxBytes(shape: [10], payload: [UInt8](repeating: 0, count: 10)))
    #expect(!declared.isComplete)
  }

  @Test func gzipWithMoreThanTheDeclaredPayloadNamesBothSizes() throws {
    // Longer than the 36-byte header prefix: decompression stops one byte past the
    // declared 48 bytes.
    let raw = idxBytes(shape: [2, 20], payload: [UInt8](repeating: 7, count: 41))
    let expected = GateKitError.malformedData(
      source: "extra.gz", location: "byte 52",
      reason:
        "payload has trailing bytes: dimensions [2, 20] need 40 bytes, found more than 40 "
        + "(decompression stops at the 52 bytes the header declares)")
    #expect(throws: expected) { try IDXArray(decoding: storedMember(raw), source: "extra.gz") }
    // The extra byte in a second member.
    let split = storedMember(Array(raw.dropLast())) + storedMember([9])
    #expect(throws: expected) { try IDXArray(decoding: split, source: "extra.gz") }
    // A whole stream within the prefix is measured exactly, as raw bytes are.
    #expect(
      throws: GateKitError.malformedData(
        source: "small.gz", location: "byte 10",
        reason: "payload has trailing bytes: dimensions [2] need 2 bytes, found 4")
    ) {
      try IDXArray(
        decoding: storedMember(idxBytes(shape: [2], payload: [1, 2, 3, 4])), source: "small.gz")
    }
  }

  @Test func gzipWithLessThanTheDeclaredPayloadNamesBothSizes() throws {
    let raw = idxBytes(shape: [100], payload: [UInt8](repeating: 1, count: 50))
    #expect(
      throws: GateKitError.malformedData(
        source: "short.gz", location: "byte 58",
        reason: "payload truncated: dimensions [100] need 100 bytes, found 50")
    ) {
      try IDXArray(decoding: storedMember(raw), source: "short.gz")
    }
    // A header declaring the maximum 2 GiB over a few bytes allocates no more than it finds.
    let huge = idxBytes(shape: [1 << 31], payload: [UInt8](repeating: 1, count: 1000))
    #expect(
      throws: GateKitError.malformedData(
        source: "huge.gz", location: "byte 1008",
        reason: "payload truncated: dimensions [2147483648] need 2147483648 bytes, found 1000")
    ) {
      try IDXArray(decoding: storedMember(huge), source: "huge.gz")
    }
  }

  @Test func truncatedGzipStreamNamesTheSource() throws {
    let raw = idxBytes(shape: [3, 28, 28], payload: IDXFixture.pixels(images: 3))
    let bytes = storedMember(raw)
    // Cut inside the payload's stored block, inside the header prefix, and in the trailer.
    for (cut, reason) in [
      (1000, "stream ends inside a block (stored block data)"),
      (30, "stream ends inside a block (stored block data)"),
      (bytes.count - 3, "stream ends inside the trailer (5 of 8 bytes)"),
    ] {
      let error = try #require(throws: GateKitError.self) {
        try IDXArray(decoding: Array(bytes.prefix(cut)), source: "cut.gz")
      }
      let parts = try #require(malformedDataParts(error))
      #expect(parts.source == "cut.gz")
      #expect(parts.reason == reason, "cut at \(cut)")
    }
  }

  @Test func truncatedGzipFileThrowsMalformedDataNamingTheFile() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let compressed = try Data(contentsOf: IDXFixture.url("idx-images-3x28x28", extension: "gz"))
    let url = directory.appendingPathComponent("cut.gz")
    try compressed.prefix(compressed.count / 2).write(to: url)
    let error = try #require(throws: GateKitError.self) { try IDXArray(contentsOf: url) }
    #expect(malformedDataParts(error)?.source == url.path)
  }
}
