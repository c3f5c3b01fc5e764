/// The CRC-32 of gzip (RFC 1952 section 8) and of IEEE 802.3: polynomial 0x04C11DB7 processed
/// least significant bit first (the reflected form 0xEDB88320), initial value and final XOR
/// 0xFFFFFFFF. The check value of the ASCII bytes `123456789` is 0xCBF43926.
///
/// Table driven, eight bytes per step ("slicing by 8"): table 0 is the byte-at-a-time table
/// of RFC 1952 section 8, and table k advances a byte's contribution through k further
/// zero bytes, so that eight table look-ups replace eight dependent byte steps.
enum CRC32 {
  /// The reflected generator polynomial.
  static let polynomial: UInt32 = 0xEDB8_8320

  /// Eight tables of 256 entries, stored one after another.
  private static let tables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for byte in 0..<256 {
      var crc = UInt32(byte)
      for _ in 0..<8 {
        crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1
      }
      tables[byte] = crc
    }
    for table in 1..<8 {
      for byte in 0..<256 {
        let previous = tables[(table - 1) * 256 + byte]
        tables[table * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
      }
    }
    return tables
  }()

  /// Continues a CRC-32 over more bytes.
  ///
  /// - Parameters:
  ///   - crc: The CRC-32 of the bytes before `bytes` (0 for none).
  ///   - bytes: The next bytes.
  /// - Returns: The CRC-32 of the earlier bytes followed by `bytes`.
  static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let start = bytes.baseAddress, !bytes.isEmpty else { return crc }
    return tables.withUnsafeBufferPointer { table in
      var value = ~crc
      var offset = 0
      let count = bytes.count
      while count - offset >= 8 {
        let word = UInt64(
          littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let low = UInt32(truncatingIfNeeded: word) ^ value
        let high = UInt32(truncatingIfNeeded: word >> 32)
        value =
          table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
          ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
          ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
          ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
        offset += 8
      }
      while offset < count {
        let byte = start.load(fromByteOffset: offset, as: UInt8.self)
        value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
        offset += 1
      }
      return ~value
    }
  }

  /// The CRC-32 of some bytes.
  ///
  /// - Parameter bytes: The bytes.
  /// - Returns: Their CRC-32.
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    update(0, bytes)
  }
}
