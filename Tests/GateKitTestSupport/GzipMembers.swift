// Hand-made gzip members for the decoder's tests (GateKitCompressionTests) and the IDX
// reader's (GateKitDataTests).

/// A bitwise CRC-32 (RFC 1952 section 8, without the table): an independent reference for
/// the trailers of the hand-made members below (used by GzipTests and IDXArrayTests).
public func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 {
      crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
    }
  }
  return ~crc
}

/// The four bytes of `value`, least significant first.
public func littleEndian(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// A gzip member around a raw DEFLATE stream: the plain 10-byte header (no flags, MTIME 0,
/// OS unknown), then the trailer of `payload` (so a stream that decodes to something else
/// fails the CRC check).
public func member(_ deflate: [UInt8], payload: [UInt8] = []) -> [UInt8] {
  [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF] + deflate
    + littleEndian(referenceCRC32(payload)) + littleEndian(UInt32(payload.count))
}

/// A gzip member holding `payload` in stored blocks (RFC 1951 3.2.4), with a correct
/// trailer.
public func storedMember(_ payload: [UInt8]) -> [UInt8] {
  var writer = BitWriter()
  var start = 0
  repeat {
    let end = min(start + 65_535, payload.count)
    writer.storedBlock(final: end == payload.count, Array(payload[start..<end]))
    start = end
  } while start < payload.count
  return member(writer.bytes, payload: payload)
}

/// A gzip bomb: a member whose DEFLATE stream holds `prefix` in a stored block, then
/// `zeros` zero bytes in one fixed-Huffman block (a literal 0, then matches of length 258
/// at distance 1: 13 bits per 258 bytes, so 100 MiB take about 660 KB).
///
/// The trailer is deliberately wrong (CRC-32 0, ISIZE 0): only a decoder that inflates
/// the whole stream reaches it, and it then reports a CRC-32 mismatch.
public func zeroBombMember(prefix: [UInt8], zeros: Int) -> [UInt8] {
  var writer = BitWriter()
  writer.storedBlock(final: false, prefix)
  writer.blockHeader(final: true, type: 1)
  var left = zeros
  if left > 0 {
    writer.fixedLiteral(0)
    left -= 1
  }
  // Symbol 285 (length 258) is the 8-bit code 11000101, sent most significant bit first,
  // that is 0xA3 least significant bit first; distance symbol 0 (distance 1) is 00000.
  while left >= 258 {
    writer.write(0xA3, bits: 13)
    left -= 258
  }
  for _ in 0..<left { writer.fixedLiteral(0) }
  writer.fixedLiteral(256)
  return [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF] + writer.bytes
    + [UInt8](repeating: 0, count: 8)
}
