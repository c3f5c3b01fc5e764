import GateKitCore

/// Decompression of gzip files (RFC 1952) in pure Swift, with no system library: the
/// DEFLATE decoder (RFC 1951) and the CRC-32 are part of this module.
///
/// A gzip file is one or more members, each a header, a DEFLATE stream and a trailer
/// holding the CRC-32 and the size (modulo 2³²) of the member's output.
/// ``decompress(_:source:maximumSize:)`` checks both for every member and returns the
/// members' outputs concatenated. Every malformed, truncated or corrupted input is reported
/// as `GateKitError.malformedData`, with the offset of the problem in the compressed bytes.
///
/// ```swift
/// let bytes = try Gzip.decompress(compressed, source: "train-images-idx3-ubyte.gz")
/// ```
///
/// Within the package, `decompress(_:source:upTo:)` decodes only the start of the output,
/// for a reader that learns from a header how much output to expect (as
/// GateKitData's `IDXArray(decoding:source:)` does).
public enum Gzip {
  /// The start of a gzip file's decompressed contents, as
  /// ``Gzip/decompress(_:source:upTo:)`` returns it.
  package struct Prefix: Sendable {
    /// The first bytes of the output: all of it when ``isComplete``, else exactly the
    /// number asked for.
    package let bytes: [UInt8]
    /// Whether ``bytes`` is the whole output: `false` when the stream holds more.
    package let isComplete: Bool
  }

  /// Header flag bits (RFC 1952 2.3.1).
  private static let headerCRCFlag: UInt8 = 0x02  // FHCRC
  private static let extraFlag: UInt8 = 0x04  // FEXTRA
  private static let nameFlag: UInt8 = 0x08  // FNAME
  private static let commentFlag: UInt8 = 0x10  // FCOMMENT
  private static let reservedFlags: UInt8 = 0xE0  // bits 5–7 must be zero; FTEXT (0x01) is a hint

  /// Whether `bytes` begins with the gzip magic number 1f 8b.
  ///
  /// - Parameter bytes: The start of a file, or all of it.
  /// - Returns: `true` when the first two bytes are 0x1f 0x8b (RFC 1952 2.3.1, ID1 and ID2).
  public static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// Decompresses every member of a gzip stream and returns the concatenated bytes.
  ///
  /// Zero bytes after the last member are ignored as padding; anything else after a member
  /// must be another member. The ISIZE field of the trailer only serves as a capacity hint
  /// (it is the size modulo 2³², and may lie) until it is checked against the output.
  ///
  /// - Parameters:
  ///   - bytes: the compressed file's bytes.
  ///   - source: a name for error messages (usually the file path).
  ///   - maximumSize: the largest output accepted (default 1 << 31 bytes); a larger output
  ///     is an error, never an unbounded allocation.
  /// - Returns: The decompressed bytes of all members, in order.
  /// - Throws: `GateKitError.malformedData` naming `source`, the byte offset in `bytes`
  ///   and the reason, for an input that is not gzip, uses another compression method, is
  ///   truncated or corrupted (invalid DEFLATE data, CRC-32 or ISIZE mismatch), or whose
  ///   output would exceed `maximumSize`.
  public static func decompress(
    _ bytes: [UInt8], source: String, maximumSize: Int = 1 << 31
  ) throws -> [UInt8] {
    try decode(bytes, source: source, limit: maximumSize, stopsAtLimit: false).bytes
  }

  /// Decompresses a gzip stream up to `limit` bytes of output, and says whether that is all.
  ///
  /// Decoding stops as soon as the output would grow past `limit`, so a small file that
  /// expands to gigabytes costs only `limit` bytes. What is checked depends on where it
  /// stops:
  /// - When the whole stream fits (``Prefix/isComplete`` is `true`), everything
  ///   ``decompress(_:source:maximumSize:)`` checks: every member's DEFLATE data, CRC-32
  ///   and ISIZE, and that only zero padding follows the last member. An output of exactly
  ///   `limit` bytes is complete.
  /// - When the stream holds more (``Prefix/isComplete`` is `false`), the members that
  ///   ended within the first `limit` bytes are checked in full; of the member that goes
  ///   past the limit, the DEFLATE data up to and including the first symbol or stored block
  ///   whose output does not fit (which proves there is more output). The rest of the input,
  ///   that member's trailer included, is not read.
  ///
  /// - Parameters:
  ///   - bytes: The compressed file's bytes.
  ///   - source: A name for error messages (usually the file path).
  ///   - limit: The most output bytes to decode; a negative limit acts as 0.
  /// - Returns: The first `limit` bytes of the output, or all of it if shorter.
  /// - Throws: `GateKitError.malformedData` naming `source`, the byte offset in `bytes` and
  ///   the reason, for an input that is not gzip or is malformed in the part decoded.
  package static func decompress(
    _ bytes: [UInt8], source: String, upTo limit: Int
  ) throws -> Prefix {
    try decode(bytes, source: source, limit: limit, stopsAtLimit: true)
  }

  /// Decompresses at most `limit` bytes: more output is the end of a prefix when
  /// `stopsAtLimit`, else an error.
  private static func decode(
    _ bytes: [UInt8], source: String, limit maximumSize: Int, stopsAtLimit: Bool
  ) throws -> Prefix {
    guard bytes.count >= 2 else {
      throw malformed(source, at: 0, "not a gzip file (only \(bytes.count) bytes)")
    }
    guard isCompressed(bytes) else {
      throw malformed(source, at: 0, "not a gzip file (magic \(hex(bytes[0])) \(hex(bytes[1])))")
    }
    return try bytes.withUnsafeBufferPointer { input in
      guard let inputBase = input.baseAddress else {
        throw malformed(source, at: 0, "not a gzip file (no bytes)")
      }
      // Decode straight into the storage of the result when the hint is big enough; if
      // the output outgrows it, `output` moves to its own memory and is copied out.
      let hint = Swift.min(
        Swift.max(capacityHint(input, maximumSize: maximumSize), 0),
        Int.max - 2 * InflateOutput.slack)
      var grownOutput: [UInt8]?
      var isComplete = true
      let result = try [UInt8](unsafeUninitializedCapacity: hint + InflateOutput.slack) {
        buffer, initializedCount in
        guard let base = buffer.baseAddress else {
          throw malformed(source, at: 0, "no memory for the output")
        }
        var output = InflateOutput(
          lending: base, capacity: buffer.count - InflateOutput.slack, maximumSize: maximumSize)
        do {
          try decodeMembers(input, inputBase, into: &output, source: source)
        } catch let full as InflateOutputLimit {
          guard stopsAtLimit else {
            throw malformed(source, at: full.byte, "output exceeds \(full.maximumSize) bytes")
          }
          isComplete = false
        }
        if output.ownsBase {
          grownOutput = output.makeArray()
        } else {
          initializedCount = output.count
        }
      }
      return Prefix(bytes: grownOutput ?? result, isComplete: isComplete)
    }
  }

  /// Decodes the members of a gzip file (RFC 1952 2.2) one after another.
  private static func decodeMembers(
    _ input: UnsafeBufferPointer<UInt8>, _ inputBase: UnsafePointer<UInt8>,
    into output: inout InflateOutput, source: String
  ) throws {
    var offset = 0
    var member = 1
    while true {
      let dataStart = try skipHeader(input, at: offset, source: source)
      var inflater = Inflater(
        input: inputBase, count: input.count, start: dataStart, source: source)
      let memberStart = output.count
      let end = try inflater.inflate(into: &output)
      try checkTrailer(input, at: end, output: output, memberStart: memberStart, source: source)
      offset = end + 8
      // The members follow one another. Trailing zeros are padding (as written by some
      // tape and block-device tools); anything else must be another member.
      if input[offset...].allSatisfy({ $0 == 0 }) { return }
      guard input.count - offset >= 2, input[offset] == 0x1F, input[offset + 1] == 0x8B else {
        throw malformed(
          source, at: offset,
          "unexpected data after member \(member) (byte \(hex(input[offset])) "
            + "does not start a gzip member)")
      }
      member += 1
    }
  }

  // MARK: Header and trailer

  /// Checks a member header (RFC 1952 2.3) and returns the offset of its DEFLATE data.
  private static func skipHeader(
    _ input: UnsafeBufferPointer<UInt8>, at start: Int, source: String
  ) throws -> Int {
    // ID1 ID2 CM FLG MTIME(4) XFL OS: ten fixed bytes.
    guard input.count - start >= 10 else {
      throw malformed(
        source, at: input.count,
        "truncated header: \(input.count - start) of the 10 fixed bytes")
    }
    guard input[start] == 0x1F, input[start + 1] == 0x8B else {
      throw malformed(
        source, at: start,
        "not a gzip file (magic \(hex(input[start])) \(hex(input[start + 1])))")
    }
    let method = input[start + 2]
    guard method == 8 else {  // CM 8 = deflate, the only method defined
      throw malformed(source, at: start + 2, "unsupported compression method \(method)")
    }
    let flags = input[start + 3]
    guard flags & reservedFlags == 0 else {
      throw malformed(
        source, at: start + 3, "reserved header flags set (0x\(hex(flags & reservedFlags)))")
    }
    var offset = start + 10
    if flags & extraFlag != 0 {  // FEXTRA: XLEN (2 bytes, little-endian), then XLEN bytes
      guard input.count - offset >= 2 else {
        throw malformed(source, at: input.count, "truncated header: ends inside the FEXTRA length")
      }
      let extraLength = Int(input[offset]) | Int(input[offset + 1]) << 8
      offset += 2
      guard input.count - offset >= extraLength else {
        throw malformed(source, at: input.count, "truncated header: ends inside the FEXTRA field")
      }
      offset += extraLength
    }
    if flags & nameFlag != 0 {  // FNAME: zero-terminated original file name
      offset = try skipZeroTerminated(input, at: offset, field: "file name", source: source)
    }
    if flags & commentFlag != 0 {  // FCOMMENT: zero-terminated comment
      offset = try skipZeroTerminated(input, at: offset, field: "comment", source: source)
    }
    if flags & headerCRCFlag != 0 {  // FHCRC: low 16 bits of the CRC-32 of the header so far
      guard input.count - offset >= 2 else {
        throw malformed(source, at: input.count, "truncated header: ends inside the header CRC")
      }
      let stored = UInt16(input[offset]) | UInt16(input[offset + 1]) << 8
      let header = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[start..<offset]))
      let computed = UInt16(truncatingIfNeeded: CRC32.checksum(header))
      guard stored == computed else {
        throw malformed(
          source, at: offset,
          "header CRC-16 mismatch: stored 0x\(hex(stored)), computed 0x\(hex(computed))")
      }
      offset += 2
    }
    return offset
  }

  /// Returns the offset after the zero byte that ends a header string field.
  private static func skipZeroTerminated(
    _ input: UnsafeBufferPointer<UInt8>, at start: Int, field: String, source: String
  ) throws -> Int {
    var offset = start
    while offset < input.count {
      if input[offset] == 0 { return offset + 1 }
      offset += 1
    }
    throw malformed(source, at: input.count, "truncated header: ends inside the \(field)")
  }

  /// Checks a member trailer (RFC 1952 2.3.1): CRC32 and ISIZE, both little-endian, against
  /// the member's output.
  private static func checkTrailer(
    _ input: UnsafeBufferPointer<UInt8>, at offset: Int, output: borrowing InflateOutput,
    memberStart: Int, source: String
  ) throws {
    guard input.count - offset >= 8 else {
      throw malformed(
        source, at: input.count,
        "stream ends inside the trailer (\(input.count - offset) of 8 bytes)")
    }
    let storedCRC = readUInt32(input, at: offset)
    let storedSize = readUInt32(input, at: offset + 4)
    let memberBytes = UnsafeRawBufferPointer(
      start: output.base + memberStart, count: output.count - memberStart)
    let computedCRC = CRC32.checksum(memberBytes)
    guard storedCRC == computedCRC else {
      throw malformed(
        source, at: offset,
        "CRC-32 mismatch: stored 0x\(hex(storedCRC)), computed 0x\(hex(computedCRC))")
    }
    let size = UInt32(truncatingIfNeeded: memberBytes.count)
    guard storedSize == size else {
      throw malformed(
        source, at: offset + 4,
        "ISIZE mismatch: stored \(storedSize), decompressed \(size) bytes (modulo 2^32)")
    }
  }

  /// How many output bytes to allocate up front.
  ///
  /// The last four bytes are the ISIZE of the last member, which is the whole output's size
  /// for the usual single-member file. It is used only when plausible: at most
  /// `maximumSize`, and at most 1032 times the input size (the most DEFLATE can expand: a
  /// 258-byte match in two bits). Otherwise the hint is four times the input size.
  private static func capacityHint(_ input: UnsafeBufferPointer<UInt8>, maximumSize: Int) -> Int {
    let (fallback, fallbackOverflow) = input.count.multipliedReportingOverflow(by: 4)
    let guess = fallbackOverflow ? maximumSize : Swift.min(fallback, maximumSize)
    guard input.count >= 18 else { return guess }  // 10-byte header, 8-byte trailer
    let size = Int(readUInt32(input, at: input.count - 4))
    let (bound, boundOverflow) = input.count.multipliedReportingOverflow(by: 1032)
    guard size <= maximumSize, boundOverflow || size <= bound else { return guess }
    return size
  }

  // MARK: Helpers

  /// A little-endian 32-bit number; the caller checks that four bytes are there.
  private static func readUInt32(_ input: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
    UInt32(input[offset]) | UInt32(input[offset + 1]) << 8 | UInt32(input[offset + 2]) << 16
      | UInt32(input[offset + 3]) << 24
  }

  /// Lower-case hexadecimal, zero-padded to two digits per byte of `T`.
  private static func hex<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: Swift.max(0, T.bitWidth / 4 - digits.count)) + digits
  }

  /// The error for a problem at an offset of the compressed input.
  private static func malformed(_ source: String, at byte: Int, _ reason: String) -> GateKitError {
    .malformedData(source: source, location: "byte \(byte)", reason: reason)
  }
}
