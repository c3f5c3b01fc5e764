/// Writes a DEFLATE bit stream (RFC 1951 3.1.1): numbers least significant bit first,
/// Huffman codes most significant bit first.
public struct BitWriter {
  /// The bytes written so far; the last one may be partly filled.
  public var bytes: [UInt8] = []
  /// The bits of the last byte in use (8: none left, the next bit starts a new byte).
  public var used = 8

  /// An empty stream.
  public init() {}

  /// The low `bits` bits of `value`, least significant first, a byte's worth at a time.
  public mutating func write(_ value: Int, bits: Int) {
    var value = value
    var left = bits
    while left > 0 {
      if used == 8 {
        bytes.append(0)
        used = 0
      }
      let take = min(8 - used, left)
      bytes[bytes.count - 1] |= UInt8(value & ((1 << take) - 1)) << used
      used += take
      value >>= take
      left -= take
    }
  }

  /// Skips to the next byte boundary (the padding before a stored block's LEN, 3.2.4).
  public mutating func alignToByte() {
    used = 8
  }

  /// A stored block (3.2.4): the header bits, padding, LEN, NLEN and the bytes.
  public mutating func storedBlock(final: Bool, _ data: [UInt8]) {
    blockHeader(final: final, type: 0)
    alignToByte()
    let length = UInt16(data.count)
    bytes += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
    bytes += data
  }

  /// `code` in `length` bits, most significant bit first (how Huffman codes are sent).
  public mutating func writeCode(_ code: Int, length: Int) {
    for bit in stride(from: length - 1, through: 0, by: -1) {
      write((code >> bit) & 1, bits: 1)
    }
  }

  /// A block header: BFINAL and BTYPE (3.2.3).
  public mutating func blockHeader(final: Bool, type: Int) {
    write(final ? 1 : 0, bits: 1)
    write(type, bits: 2)
  }

  /// A symbol of the fixed literal/length code (3.2.6).
  public mutating func fixedLiteral(_ symbol: Int) {
    switch symbol {
    case 0..<144: writeCode(0x30 + symbol, length: 8)
    case 144..<256: writeCode(0x190 + symbol - 144, length: 9)
    case 256..<280: writeCode(symbol - 256, length: 7)
    default: writeCode(0xC0 + symbol - 280, length: 8)
    }
  }

  /// A symbol of the fixed distance code: five bits (3.2.6).
  public mutating func fixedDistance(_ symbol: Int) {
    writeCode(symbol, length: 5)
  }

  /// The code definitions of a dynamic block (3.2.7), sent with a code length code that
  /// gives each of the lengths 0–15 a 4-bit code (equal to the length) and no repeat codes.
  public mutating func dynamicHeader(literalLengths: [Int], distanceLengths: [Int]) {
    write(literalLengths.count - 257, bits: 5)
    write(distanceLengths.count - 1, bits: 5)
    write(19 - 4, bits: 4)
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] {
      write(symbol <= 15 ? 4 : 0, bits: 3)
    }
    for length in literalLengths + distanceLengths {
      writeCode(length, length: 4)
    }
  }
}
