import Foundation
import GateKitCompression
import GateKitCore
import GateKitTestSupport
import Testing

// The fixtures in Fixtures/ come from make_fixtures.py (Python's gzip and zlib modules);
// the payload formulas below re-create their contents byte for byte.

// MARK: - Payloads (the same formulas as make_fixtures.py)

private enum Payload {
  static let words = [
    "gate", "tensor", "gradient", "forward", "backward", "the", "a", "of", "layer", "loss",
    "weight", "bias", "input", "output", "chain", "rule",
  ].map { Array($0.utf8) }

  /// The top byte of a 32-bit LCG (Numerical Recipes constants) after each step.
  static func lcgBytes(seed: UInt32, count: Int) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 1_664_525 &+ 1_013_904_223
      return UInt8(state >> 24)
    }
  }

  /// LCG-chosen words separated by spaces, with a newline after every 12th word.
  static func textLike(seed: UInt32, words count: Int) -> [UInt8] {
    var out: [UInt8] = []
    for (index, pick) in lcgBytes(seed: seed, count: count).enumerated() {
      out += words[Int(pick) % words.count]
      out.append(index % 12 == 11 ? 0x0A : 0x20)
    }
    return out
  }

  /// Bytes (i * 7 + i / 13) mod 251.
  static func formula(count: Int) -> [UInt8] {
    (0..<count).map { UInt8((($0 * 7) + $0 / 13) % 251) }
  }

  static func repeated(_ text: String, _ times: Int) -> [UInt8] {
    [[UInt8]](repeating: Array(text.utf8), count: times).flatMap { $0 }
  }

  /// The main payload: text, noise, the formula, a two-byte period and text again.
  static let sample: [UInt8] =
    textLike(seed: 2024, words: 2500) + lcgBytes(seed: 7, count: 4000) + formula(count: 6000)
    + repeated("ab", 2000) + textLike(seed: 99, words: 500)

  /// Runs with periods 1, 3, 5, 8 and 9 (matches overlapping their own output).
  static let overlapping: [UInt8] =
    repeated("z", 20000) + repeated("xyz", 5000) + repeated("01234", 3000)
    + repeated("ABCDEFGH", 1000) + repeated("the gate.", 700)

  /// 30000 noise bytes, then their first 2000 again (matches at distance 30000).
  static let longDistance: [UInt8] = {
    let noise = lcgBytes(seed: 31337, count: 30000)
    return noise + noise[..<2000]
  }()
}

// MARK: - Helpers

/// The bytes of a fixture file.
private func fixture(_ name: String) throws -> [UInt8] {
  let url = try #require(
    Bundle.module.url(forResource: name, withExtension: "gz", subdirectory: "Fixtures"),
    "fixture \(name).gz is missing from the test bundle")
  return [UInt8](try Data(contentsOf: url))
}

/// Canonical Huffman codes for code lengths (RFC 1951 3.2.2).
private func canonicalCodes(_ lengths: [Int]) -> [Int] {
  var counts = [Int](repeating: 0, count: 16)
  for length in lengths where length > 0 { counts[length] += 1 }
  var next = [Int](repeating: 0, count: 16)
  var code = 0
  for length in 1..<16 {
    code = (code + counts[length - 1]) << 1
    next[length] = code
  }
  return lengths.map { length in
    guard length > 0 else { return -1 }
    defer { next[length] += 1 }
    return next[length]
  }
}

/// Code lengths for `count` symbols, zero except those given.
private func lengths(_ count: Int, _ nonzero: [Int: Int]) -> [Int] {
  (0..<count).map { nonzero[$0] ?? 0 }
}

/// Decompresses, expecting a `malformedData` error whose reason contains `reason`; returns
/// the error's byte offset (nil, after recording an issue, for anything else).
@discardableResult
private func expectMalformed(
  _ bytes: [UInt8], reason: String, maximumSize: Int = 1 << 31,
  sourceLocation: SourceLocation = #_sourceLocation
) -> Int? {
  let error = #expect(throws: GateKitError.self, sourceLocation: sourceLocation) {
    try Gzip.decompress(bytes, source: "test.gz", maximumSize: maximumSize)
  }
  guard case .malformedData(let source, let location, let actualReason) = error else {
    Issue.record(
      "expected malformedData, got \(String(describing: error))", sourceLocation: sourceLocation)
    return nil
  }
  #expect(source == "test.gz", sourceLocation: sourceLocation)
  #expect(actualReason.contains(reason), "reason: \(actualReason)", sourceLocation: sourceLocation)
  #expect(location.hasPrefix("byte "), "location: \(location)", sourceLocation: sourceLocation)
  return Int(location.dropFirst("byte ".count))
}

// MARK: - Round trips

@Suite("Gzip decompression")
struct GzipTests {
  @Test(arguments: ["level0", "level1", "level6", "level9"])
  func roundTripsEachCompressionLevel(_ name: String) throws {
    let output = try Gzip.decompress(try fixture(name), source: name)
    #expect(output.count == 31696)
    #expect(output == Payload.sample)
  }

  @Test func storedBlocksOnly() throws {
    let bytes = try fixture("level0")
    #expect(bytes[10] & 0b111 == 0b001)  // BFINAL 1, BTYPE 00: one stored block
    // Seven stored blocks, three of them empty (LEN 0) after a flush.
    #expect(try Gzip.decompress(try fixture("storedblocks"), source: "stored") == Payload.sample)
  }

  @Test func fixedHuffmanBlocksOnly() throws {
    let bytes = try fixture("fixed")
    #expect((bytes[10] >> 1) & 0b11 == 0b01)  // BTYPE 01: fixed Huffman codes
    #expect(try Gzip.decompress(bytes, source: "fixed") == Payload.sample)
  }

  @Test func severalBlocksWithFlushes() throws {
    let bytes = try fixture("flushes")
    #expect(bytes[10] & 1 == 0)  // the first block is not the last
    #expect(try Gzip.decompress(bytes, source: "flushes") == Payload.sample)
  }

  @Test func longOverlappingMatches() throws {
    let bytes = try fixture("overlap")
    let output = try Gzip.decompress(bytes, source: "overlap")
    #expect(bytes.count < 300)  // 64300 bytes in 194: almost all of it is matches
    #expect(output == Payload.overlapping)
  }

  @Test func matchesNearTheWindowLimit() throws {
    let output = try Gzip.decompress(try fixture("longdistance"), source: "longdistance")
    #expect(output == Payload.longDistance)
  }

  @Test func emptyPayload() throws {
    let bytes = try fixture("empty")
    #expect(bytes.count == 20)
    #expect(try Gzip.decompress(bytes, source: "empty") == [])
    #expect(try Gzip.decompress(bytes, source: "empty", maximumSize: 0) == [])
  }

  @Test func optionalHeaderFields() throws {
    let bytes = try fixture("headers")
    #expect(bytes[3] == 0x1F)  // FTEXT, FHCRC, FEXTRA, FNAME and FCOMMENT
    let output = try Gzip.decompress(bytes, source: "headers")
    #expect(output == Payload.textLike(seed: 5, words: 300))
  }

  @Test func concatenatedMembers() throws {
    let bytes = try fixture("concatenated")
    let output = try Gzip.decompress(bytes, source: "concatenated")
    #expect(output == Payload.textLike(seed: 11, words: 200) + Payload.formula(count: 3000))
  }

  @Test func zeroPaddingAfterTheLastMemberIsIgnored() throws {
    let bytes = try fixture("level6") + [UInt8](repeating: 0, count: 7)
    #expect(try Gzip.decompress(bytes, source: "padded") == Payload.sample)
  }

  @Test func outputOfExactlyMaximumSizeIsAccepted() throws {
    let size = Payload.sample.count
    #expect(
      try Gzip.decompress(try fixture("level6"), source: "t", maximumSize: size).count == size)
    #expect(
      try Gzip.decompress(try fixture("level0"), source: "t", maximumSize: size).count == size)
  }

  @Test func capacityHintFromALyingISIZEIsHarmless() throws {
    // Two members: the last member's ISIZE (the capacity hint) is far smaller than the
    // whole output, so the buffer must grow.
    let bytes = try fixture("level9") + fixture("empty")
    #expect(try Gzip.decompress(bytes, source: "grow") == Payload.sample)
  }

  // MARK: Hand-made streams for the cases RFC 1951 allows

  @Test func blockWithNoDistanceCodes() throws {
    // One distance code length, zero: the block holds literals only (3.2.7).
    var writer = BitWriter()
    writer.blockHeader(final: true, type: 2)
    let literals = lengths(257, [97: 1, 256: 1])
    writer.dynamicHeader(literalLengths: literals, distanceLengths: [0])
    let codes = canonicalCodes(literals)
    for symbol in [97, 97, 97, 256] { writer.writeCode(codes[symbol], length: literals[symbol]) }
    let output = try Gzip.decompress(member(writer.bytes, payload: Array("aaa".utf8)), source: "t")
    #expect(output == Array("aaa".utf8))
  }

  @Test func singleOneBitDistanceCode() throws {
    // One distance code of one bit, the other bit pattern unused (3.2.7).
    let literals = lengths(258, [97: 2, 256: 2, 257: 1])
    let codes = canonicalCodes(literals)
    func stream(distanceBit: Int) -> [UInt8] {
      var writer = BitWriter()
      writer.blockHeader(final: true, type: 2)
      writer.dynamicHeader(literalLengths: literals, distanceLengths: [1])
      writer.writeCode(codes[97], length: 2)
      writer.writeCode(codes[257], length: 1)  // length 3
      writer.write(distanceBit, bits: 1)  // distance symbol 0 (distance 1) is code 0
      writer.writeCode(codes[256], length: 2)
      return writer.bytes
    }
    let payload = Array("aaaa".utf8)
    #expect(
      try Gzip.decompress(member(stream(distanceBit: 0), payload: payload), source: "t") == payload)
    expectMalformed(
      member(stream(distanceBit: 1), payload: payload), reason: "unused distance code")
  }

  // MARK: - Errors: container

  @Test func rejectsABadMagicNumber() {
    #expect(
      expectMalformed(Array("PK\u{3}\u{4}zipfile".utf8), reason: "not a gzip file (magic 50 4b)")
        == 0)
    expectMalformed([0x1F], reason: "not a gzip file (only 1 bytes)")
    expectMalformed([], reason: "not a gzip file (only 0 bytes)")
  }

  @Test func rejectsAnUnsupportedMethod() throws {
    var bytes = try fixture("level6")
    bytes[2] = 7
    #expect(expectMalformed(bytes, reason: "unsupported compression method 7") == 2)
  }

  @Test func rejectsReservedFlags() throws {
    var bytes = try fixture("level6")
    bytes[3] = 0x20
    #expect(expectMalformed(bytes, reason: "reserved header flags set (0x20)") == 3)
  }

  @Test func rejectsTruncatedHeaders() throws {
    let headers = try fixture("headers")  // 10 bytes, FEXTRA (2 + 11), FNAME, FCOMMENT, FHCRC
    #expect(expectMalformed(Array(headers[..<5]), reason: "truncated header: 5 of the 10") == 5)
    expectMalformed(
      Array(headers[..<11]), reason: "truncated header: ends inside the FEXTRA length")
    expectMalformed(Array(headers[..<15]), reason: "truncated header: ends inside the FEXTRA field")
    expectMalformed(Array(headers[..<26]), reason: "truncated header: ends inside the file name")
    expectMalformed(Array(headers[..<40]), reason: "truncated header: ends inside the comment")
    // 10 + 13 + "notes.txt\0" (10) + "written by make_fixtures.py\0" (28) = 61: the header CRC.
    expectMalformed(Array(headers[..<62]), reason: "truncated header: ends inside the header CRC")
  }

  @Test func rejectsACorruptedHeaderCRC() throws {
    var bytes = try fixture("headers")
    bytes[30] ^= 0x01  // a letter of the comment
    #expect(expectMalformed(bytes, reason: "header CRC-16 mismatch") == 61)
  }

  @Test func rejectsTruncatedStreams() throws {
    let bytes = try fixture("level6")
    let count = bytes.count
    // Right after the header, after one byte, in the middle and one byte before the end of
    // the DEFLATE data: the decoder runs out inside a block.
    for cut in [10, 11, count / 2, count - 9] {
      #expect(expectMalformed(Array(bytes[..<cut]), reason: "stream ends inside a block") == cut)
    }
    // Inside the trailer: the DEFLATE data is complete, the CRC-32 or ISIZE is cut off.
    for cut in [count - 8, count - 5, count - 1] {
      #expect(
        expectMalformed(Array(bytes[..<cut]), reason: "stream ends inside the trailer") == cut)
    }
    // Stored blocks are copied without the bit reader: cut inside LEN/NLEN and inside data.
    let stored = try fixture("level0")
    expectMalformed(
      Array(stored[..<13]), reason: "stream ends inside a block (stored block header)")
    expectMalformed(
      Array(stored[..<1000]), reason: "stream ends inside a block (stored block data)")
  }

  @Test func everyTruncationOfASmallFileIsAnError() throws {
    let bytes = try fixture("headers")
    for cut in 0..<bytes.count {
      #expect(throws: GateKitError.self, "cut at \(cut)") {
        try Gzip.decompress(Array(bytes[..<cut]), source: "t")
      }
    }
  }

  @Test func rejectsACorruptedCRC() throws {
    var bytes = try fixture("level6")
    bytes[bytes.count - 8] ^= 0xFF
    #expect(expectMalformed(bytes, reason: "CRC-32 mismatch: stored 0x") == bytes.count - 8)
    // A changed payload byte inside a stored block: the DEFLATE data is still valid.
    var stored = try fixture("level0")
    stored[5000] ^= 0x40
    expectMalformed(stored, reason: "CRC-32 mismatch")
  }

  @Test func rejectsAWrongISIZE() throws {
    var bytes = try fixture("level6")
    bytes[bytes.count - 4] &+= 1
    #expect(
      expectMalformed(bytes, reason: "ISIZE mismatch: stored 31697, decompressed 31696")
        == bytes.count - 4)
    // An implausible ISIZE (more than 1032 times the input) is not even used as a hint.
    for index in bytes.count - 4..<bytes.count { bytes[index] = 0xFF }
    expectMalformed(bytes, reason: "ISIZE mismatch: stored 4294967295, decompressed 31696")
  }

  @Test func rejectsTrailingGarbage() throws {
    let bytes = try fixture("level6") + [0x00, 0x42]
    #expect(expectMalformed(bytes, reason: "unexpected data after member 1") == bytes.count - 2)
  }

  @Test func rejectsOutputLargerThanMaximumSize() throws {
    expectMalformed(try fixture("level6"), reason: "output exceeds 1000 bytes", maximumSize: 1000)
    expectMalformed(try fixture("level0"), reason: "output exceeds 1000 bytes", maximumSize: 1000)
    expectMalformed(
      try fixture("overlap"), reason: "output exceeds 64299 bytes", maximumSize: 64299)
    expectMalformed(try fixture("level1"), reason: "output exceeds 0 bytes", maximumSize: 0)
    // A negative limit acts as 0 rather than trapping.
    expectMalformed(try fixture("level1"), reason: "output exceeds 0 bytes", maximumSize: -5)
    #expect(try Gzip.decompress(try fixture("empty"), source: "t", maximumSize: -5) == [])
  }

  // MARK: - Errors: DEFLATE

  @Test func rejectsBlockType3() {
    // BFINAL 1, BTYPE 11.
    #expect(expectMalformed(member([0b0000_0111, 0, 0]), reason: "invalid block type 3") == 10)
  }

  @Test func rejectsAStoredBlockWhoseNLENIsNotTheComplementOfLEN() {
    // BFINAL 1, BTYPE 00, padding; LEN 5, NLEN 0x1234 (should be 0xFFFA).
    let bytes = member([0x01, 0x05, 0x00, 0x34, 0x12] + Array("hello".utf8))
    #expect(expectMalformed(bytes, reason: "stored block LEN 5 does not match NLEN 4660") == 11)
  }

  @Test func rejectsADistanceBeforeTheStartOfTheOutput() {
    var writer = BitWriter()
    writer.blockHeader(final: true, type: 1)
    writer.fixedLiteral(97)  // 'a': one byte of output
    writer.fixedLiteral(257)  // length 3
    writer.fixedDistance(1)  // distance 2
    writer.fixedLiteral(256)
    let byte = expectMalformed(
      member(writer.bytes), reason: "distance 2 goes back before the start of the output")
    #expect(byte == 12)  // the header bits and 20 bits of codes end inside byte 10 + 2
  }

  @Test func distancesDoNotReachIntoThePreviousMember() throws {
    // A second member that starts with a match: the first member's output is not its window.
    var writer = BitWriter()
    writer.blockHeader(final: true, type: 1)
    writer.fixedLiteral(257)
    writer.fixedDistance(0)  // distance 1
    writer.fixedLiteral(256)
    let bytes = try fixture("concatenated") + member(writer.bytes)
    expectMalformed(bytes, reason: "distance 1 goes back before the start of the output")
  }

  @Test func rejectsSymbolsThatMustNotOccur() {
    var literal = BitWriter()
    literal.blockHeader(final: true, type: 1)
    literal.fixedLiteral(286)
    expectMalformed(member(literal.bytes), reason: "invalid literal/length symbol 286")

    var distance = BitWriter()
    distance.blockHeader(final: true, type: 1)
    distance.fixedLiteral(97)
    distance.fixedLiteral(257)
    distance.fixedDistance(30)
    distance.fixedLiteral(256)
    expectMalformed(member(distance.bytes), reason: "invalid distance symbol 30")
  }

  @Test func rejectsOverSubscribedCodeLengths() {
    // Literal/length: three codes of one bit.
    var literal = BitWriter()
    literal.blockHeader(final: true, type: 2)
    literal.dynamicHeader(literalLengths: lengths(257, [0: 1, 1: 1, 256: 1]), distanceLengths: [1])
    expectMalformed(
      member(literal.bytes), reason: "over-subscribed code lengths (literal/length code)")

    // Distance: four codes of one bit.
    var distance = BitWriter()
    distance.blockHeader(final: true, type: 2)
    distance.dynamicHeader(
      literalLengths: lengths(257, [0: 1, 256: 1]), distanceLengths: [1, 1, 1, 1])
    expectMalformed(member(distance.bytes), reason: "over-subscribed code lengths (distance code)")

    // The code length code: HCLEN 4 + 4, all of them one bit.
    var codeLength = BitWriter()
    codeLength.blockHeader(final: true, type: 2)
    codeLength.write(0, bits: 5)
    codeLength.write(0, bits: 5)
    codeLength.write(4, bits: 4)
    for _ in 0..<8 { codeLength.write(1, bits: 3) }
    expectMalformed(
      member(codeLength.bytes + [0, 0]), reason: "over-subscribed code lengths (code length code)")
  }

  @Test func rejectsIncompleteCodeLengths() {
    // Literal/length: two codes of two bits leave half the patterns unused.
    var literal = BitWriter()
    literal.blockHeader(final: true, type: 2)
    literal.dynamicHeader(literalLengths: lengths(257, [0: 2, 256: 2]), distanceLengths: [1])
    expectMalformed(member(literal.bytes), reason: "incomplete code lengths (literal/length code)")

    // Distance: two codes of two bits (only a single one-bit code may be incomplete).
    var distance = BitWriter()
    distance.blockHeader(final: true, type: 2)
    distance.dynamicHeader(literalLengths: lengths(257, [0: 1, 256: 1]), distanceLengths: [2, 2])
    expectMalformed(member(distance.bytes), reason: "incomplete code lengths (distance code)")
  }

  @Test func rejectsMalformedDynamicHeaders() {
    var noEnd = BitWriter()
    noEnd.blockHeader(final: true, type: 2)
    noEnd.dynamicHeader(literalLengths: lengths(257, [0: 1, 1: 1]), distanceLengths: [1])
    expectMalformed(member(noEnd.bytes), reason: "no end-of-block code")

    var tooMany = BitWriter()
    tooMany.blockHeader(final: true, type: 2)
    tooMany.write(30, bits: 5)  // HLIT 30: 287 literal/length codes
    tooMany.write(0, bits: 5)
    tooMany.write(0, bits: 4)
    expectMalformed(member(tooMany.bytes + [0, 0]), reason: "too many literal/length codes (287")

    // Code length code {0: 1 bit, 16: 1 bit}: symbol 0 is code 0, symbol 16 code 1.
    var repeatFirst = BitWriter()
    repeatFirst.blockHeader(final: true, type: 2)
    repeatFirst.write(0, bits: 5)
    repeatFirst.write(0, bits: 5)
    repeatFirst.write(0, bits: 4)  // HCLEN 4: lengths of 16, 17, 18, 0
    for length in [1, 0, 0, 1] { repeatFirst.write(length, bits: 3) }
    repeatFirst.writeCode(1, length: 1)  // 16 first: nothing to repeat
    repeatFirst.write(0, bits: 2)
    expectMalformed(
      member(repeatFirst.bytes + [0, 0]), reason: "code length repeat (16) with no previous length")

    // Code length code {0: 1 bit, 18: 1 bit}; 138 + 138 zeros overrun 257 + 1 lengths.
    var overrun = BitWriter()
    overrun.blockHeader(final: true, type: 2)
    overrun.write(0, bits: 5)
    overrun.write(0, bits: 5)
    overrun.write(0, bits: 4)
    for length in [0, 0, 1, 1] { overrun.write(length, bits: 3) }
    for _ in 0..<2 {
      overrun.writeCode(1, length: 1)
      overrun.write(127, bits: 7)
    }
    expectMalformed(
      member(overrun.bytes + [0, 0]), reason: "code length repeat of 138 runs past the 258")
  }

  // MARK: - Robustness

  /// Corrupts a valid file at 500 deterministic positions (seeded LCG): flipping a bit,
  /// replacing a byte or truncating. Each variant must decode or throw `malformedData`;
  /// one that decodes must give the original output (a corruption the CRC-32 misses has
  /// probability about 2⁻³² per variant, so a mismatch would mean a bug).
  @Test(arguments: ["level6", "fixed", "headers"])
  func corruptedFilesThrowOrDecode(_ name: String) throws {
    let original = try fixture(name)
    let expected = try Gzip.decompress(original, source: name)
    var state: UInt32 = 12345
    func next() -> Int {
      state = state &* 1_664_525 &+ 1_013_904_223
      return Int(state >> 8)
    }
    var failures = 0
    var successes = 0
    for trial in 0..<500 {
      var bytes = original
      let position = next() % bytes.count
      switch trial % 3 {
      case 0: bytes[position] ^= UInt8(1 << (next() % 8))
      case 1: bytes[position] = UInt8(truncatingIfNeeded: next())
      default: bytes.removeSubrange(position...)
      }
      do {
        let output = try Gzip.decompress(bytes, source: name, maximumSize: 1 << 20)
        #expect(output == expected, "trial \(trial) at byte \(position)")
        successes += 1
      } catch let error as GateKitError {
        guard case .malformedData(_, let location, let reason) = error else {
          Issue.record("trial \(trial): unexpected error \(error)")
          continue
        }
        #expect(location.hasPrefix("byte ") && !reason.isEmpty)
        failures += 1
      }
    }
    #expect(successes + failures == 500)
    // Only corruptions of MTIME, XFL, OS or identical replacements can go unnoticed.
    #expect(failures > 400, "\(failures) failures, \(successes) successes")
  }

  // MARK: - Prefixes: decompress(_:source:upTo:)

  @Test(
    "A prefix is the first bytes of the output, whatever block or match the limit falls in",
    arguments: ["level0", "level6", "fixed", "storedblocks", "overlap", "longdistance"])
  func prefixIsTheStartOfTheOutput(_ name: String) throws {
    let bytes = try fixture(name)
    let whole = try Gzip.decompress(bytes, source: name)
    for limit in [0, 1, 36, 257, 1000, 4096, 30_001, whole.count - 1] {
      let prefix = try Gzip.decompress(bytes, source: name, upTo: limit)
      #expect(prefix.bytes == Array(whole.prefix(limit)), "limit \(limit)")
      #expect(!prefix.isComplete, "limit \(limit)")
    }
    for limit in [whole.count, whole.count + 1, Int.max] {
      let prefix = try Gzip.decompress(bytes, source: name, upTo: limit)
      #expect(prefix.bytes == whole, "limit \(limit)")
      #expect(prefix.isComplete, "limit \(limit)")
    }
  }

  @Test func prefixSpansMembers() throws {
    let bytes = try fixture("concatenated")
    let whole = try Gzip.decompress(bytes, source: "concatenated")
    let firstMember = Payload.textLike(seed: 11, words: 200).count
    for limit in [firstMember - 1, firstMember, firstMember + 1, whole.count - 1] {
      let prefix = try Gzip.decompress(bytes, source: "concatenated", upTo: limit)
      #expect(prefix.bytes == Array(whole.prefix(limit)), "limit \(limit)")
      #expect(!prefix.isComplete, "limit \(limit)")
    }
    let all = try Gzip.decompress(bytes, source: "concatenated", upTo: whole.count)
    #expect(all.isComplete)
    #expect(all.bytes == whole)
  }

  @Test func emptyOutputIsACompletePrefixOfAnyLength() throws {
    let empty = try Gzip.decompress(try fixture("empty"), source: "empty", upTo: 0)
    #expect(empty.bytes.isEmpty)
    #expect(empty.isComplete)
    // A negative limit acts as 0.
    let level1 = try Gzip.decompress(try fixture("level1"), source: "level1", upTo: -5)
    #expect(level1.bytes.isEmpty)
    #expect(!level1.isComplete)
  }

  @Test func aBombStopsAtTheLimit() throws {
    let bomb = zeroBombMember(prefix: [1, 2, 3], zeros: 100 << 20)
    #expect(bomb.count < 700_000)
    let prefix = try Gzip.decompress(bomb, source: "bomb.gz", upTo: 18)
    #expect(prefix.bytes == [1, 2, 3] + [UInt8](repeating: 0, count: 15))
    #expect(!prefix.isComplete)
    // A smaller bomb decompressed in full ends in its deliberately wrong trailer.
    let small = zeroBombMember(prefix: [1, 2, 3], zeros: 10_000)
    expectMalformed(small, reason: "CRC-32 mismatch: stored 0x00000000")
    #expect(try Gzip.decompress(small, source: "small", upTo: 10_002).isComplete == false)
  }

  @Test func completePrefixesAreCheckedInFull() throws {
    // A wrong CRC-32 is reported when the member ends within the limit…
    var corrupted = try fixture("level6")
    corrupted[corrupted.count - 8] ^= 0x01
    let size = Payload.sample.count
    for limit in [size, size + 1] {
      #expect(throws: GateKitError.self) {
        try Gzip.decompress(corrupted, source: "crc", upTo: limit)
      }
    }
    // …and so is data after the last member that is neither padding nor a member.
    #expect(throws: GateKitError.self) {
      try Gzip.decompress(try fixture("level6") + [0x00, 0x42], source: "garbage", upTo: size)
    }
    // Stopping inside the member leaves the trailer unread (documented).
    let prefix = try Gzip.decompress(corrupted, source: "crc", upTo: size - 1)
    #expect(prefix.bytes == Array(Payload.sample.prefix(size - 1)))
    #expect(!prefix.isComplete)
  }

  @Test func truncationBeforeTheLimitIsAnError() throws {
    let bytes = try fixture("level6")
    let cut = Array(bytes.prefix(bytes.count / 2))
    let error = #expect(throws: GateKitError.self) {
      try Gzip.decompress(cut, source: "cut.gz", upTo: Payload.sample.count)
    }
    let reason = error.flatMap { malformedDataParts($0)?.reason } ?? ""
    #expect(reason.hasPrefix("stream ends inside a block"), "\(reason)")
  }

  @Test func recognizesTheMagicNumber() throws {
    #expect(Gzip.isCompressed(try fixture("empty")))
    #expect(Gzip.isCompressed([0x1F, 0x8B]))
    #expect(!Gzip.isCompressed([0x1F]))
    #expect(!Gzip.isCompressed([]))
    #expect(!Gzip.isCompressed([0x8B, 0x1F, 0x08]))
    #expect(!Gzip.isCompressed(Array("PK".utf8)))
  }
}
