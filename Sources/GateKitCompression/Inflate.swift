import GateKitCore

// DEFLATE decoding (RFC 1951). Section numbers in the comments refer to RFC 1951.
//
// Bits are read least significant first from a 64-bit buffer that is refilled eight bytes
// at a time (3.1.1). Huffman codes are decoded through lookup tables indexed by the next
// bits of the stream: a primary table answers every code of up to `primaryBits` bits in one
// look-up, and longer codes go through a second-level table chosen by the primary entry.

// MARK: - Output

/// The output of a decompression: a growing byte buffer with a hard size limit.
///
/// The buffer starts as memory lent by the caller (the storage of the array that will be
/// returned, sized from a hint, so that the usual case needs no final copy) and moves to
/// memory of its own when it must grow. It keeps `slack` spare bytes after `capacity` so
/// that the match copy may write eight bytes at a time and overshoot the end of a match by
/// up to seven bytes.
struct InflateOutput: ~Copyable {
  /// The spare bytes needed after `capacity`.
  static let slack = 16

  /// The start of the buffer.
  private(set) var base: UnsafeMutablePointer<UInt8>
  /// How many bytes fit before the buffer must grow; never more than `maximumSize`.
  private(set) var capacity: Int
  /// How many bytes have been written.
  var count = 0
  /// The largest output accepted.
  let maximumSize: Int
  /// Whether `base` was allocated here (and is freed here) rather than lent.
  private(set) var ownsBase = false

  /// Creates an empty output that writes into lent memory until it must grow.
  ///
  /// - Parameters:
  ///   - base: Memory for `capacity + slack` bytes, which must outlive the output.
  ///   - capacity: The usable size of the lent memory.
  ///   - maximumSize: The largest output accepted.
  init(lending base: UnsafeMutablePointer<UInt8>, capacity: Int, maximumSize: Int) {
    self.maximumSize = Swift.min(Swift.max(maximumSize, 0), Int.max - Self.slack)
    self.base = base
    self.capacity = Swift.min(Swift.max(capacity, 0), self.maximumSize)
  }

  deinit {
    if ownsBase { base.deallocate() }
  }

  /// Makes room for `needed` more bytes after `count`, growing the buffer geometrically.
  ///
  /// - Parameter needed: The number of bytes about to be written.
  /// - Returns: `false`, leaving the buffer unchanged, when `count + needed` would exceed
  ///   `maximumSize`.
  mutating func reserve(_ needed: Int) -> Bool {
    if needed <= capacity - count { return true }
    guard needed <= maximumSize - count else { return false }
    let doubled = capacity > maximumSize / 2 ? maximumSize : Swift.max(capacity * 2, 1 << 16)
    let newCapacity = Swift.min(Swift.max(count + needed, doubled), maximumSize)
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.slack)
    newBase.initialize(from: base, count: count)
    if ownsBase { base.deallocate() }
    base = newBase
    capacity = newCapacity
    ownsBase = true
    return true
  }

  /// The bytes written so far, as a new array.
  ///
  /// - Returns: A copy of the first `count` bytes.
  func makeArray() -> [UInt8] {
    Array(UnsafeBufferPointer(start: base, count: count))
  }
}

// MARK: - Output limit

/// Thrown by ``Inflater/inflate(into:)`` when a stream has more output than
/// `InflateOutput.maximumSize`, once the output holds exactly `maximumSize` bytes.
///
/// It is not a `GateKitError`: the caller decides whether more output than the limit is
/// an error (``Gzip/decompress(_:source:maximumSize:)``) or just the end of a prefix
/// (``Gzip/decompress(_:source:upTo:)``).
struct InflateOutputLimit: Error {
  /// The input offset of the byte holding the next unread bit: where the output that does
  /// not fit is encoded.
  let byte: Int
  /// The limit, `InflateOutput.maximumSize`.
  let maximumSize: Int
}

// MARK: - Huffman tables

/// The three Huffman alphabets of DEFLATE (3.2.5, 3.2.7).
enum HuffmanAlphabet {
  /// Literal bytes 0–255, end of block 256, match lengths 257–285 (286 and 287 are invalid).
  case literalLength
  /// Match distances 0–29 (30 and 31 are invalid).
  case distance
  /// The code lengths 0–15 and the repeat codes 16–18 of a dynamic block header.
  case codeLength

  /// The width of the primary lookup table's index.
  var primaryBits: Int {
    switch self {
    case .literalLength: 10
    case .distance: 8
    case .codeLength: 7  // code length codes are at most 7 bits long (3-bit lengths)
    }
  }

  /// The name used in error messages.
  var name: String {
    switch self {
    case .literalLength: "literal/length"
    case .distance: "distance"
    case .codeLength: "code length"
    }
  }

  /// Match length bases for symbols 257–285 (3.2.5).
  static let lengthBase: [UInt32] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  /// Extra bits after length symbols 257–285 (3.2.5).
  static let lengthExtraBits: [UInt32] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  /// Distance bases for symbols 0–29 (3.2.5).
  static let distanceBase: [UInt32] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  /// Extra bits after distance symbols 0–29 (3.2.5).
  static let distanceExtraBits: [UInt32] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
    13, 13,
  ]

  /// The table entry of each symbol, without its code length (bits 0–7).
  var symbolEntries: [UInt32] {
    switch self {
    case .literalLength: Self.literalLengthEntries
    case .distance: Self.distanceEntries
    case .codeLength: Self.codeLengthEntries
    }
  }

  /// Literals 0–255, end of block, lengths 257–285, then the invalid 286 and 287.
  private static let literalLengthEntries: [UInt32] = (0..<288).map { symbol in
    switch symbol {
    case 0..<256: UInt32(symbol) << 16
    case 256: HuffmanTable.endOfBlockKind
    case 257...285:
      lengthBase[symbol - 257] << 16 | HuffmanTable.lengthKind | lengthExtraBits[symbol - 257] << 8
    default: UInt32(symbol) << 16 | HuffmanTable.invalidKind
    }
  }

  /// Distances 0–29, then the invalid 30 and 31.
  private static let distanceEntries: [UInt32] = (0..<32).map { symbol in
    symbol < 30
      ? distanceBase[symbol] << 16 | distanceExtraBits[symbol] << 8
      : UInt32(symbol) << 16 | HuffmanTable.invalidKind
  }

  /// Code lengths 0–15 and the repeat codes 16–18.
  private static let codeLengthEntries: [UInt32] = (0..<19).map { UInt32($0) << 16 }
}

/// Why a set of code lengths does not define a usable Huffman code (3.2.2).
enum HuffmanTableError: Error {
  /// More codes of some length than the shorter codes leave room for.
  case overSubscribed
  /// Unused bit patterns remain, in a case RFC 1951 does not allow.
  case incomplete
}

/// A Huffman decoding table built from code lengths (3.2.2).
///
/// Each entry is a `UInt32`: bits 0–7 hold the number of bits to consume, bits 8–11 the
/// number of extra bits that follow the code (or the index width of a second-level table),
/// bits 12–15 the kind and bits 16–31 the value (a literal or symbol, a length or distance
/// base, or the offset of a second-level table). Entries of a second-level table consume
/// only the bits after the first `primaryBits`.
struct HuffmanTable: Sendable {
  /// Mask of the kind field.
  static let kindMask: UInt32 = 0xF000
  /// A literal byte, a distance base or a code-length symbol (value = the symbol or base).
  static let symbolKind: UInt32 = 0x0000
  /// A match length (value = the length base).
  static let lengthKind: UInt32 = 0x1000
  /// The end-of-block symbol 256.
  static let endOfBlockKind: UInt32 = 0x2000
  /// A pointer to a second-level table (value = its offset).
  static let subtableKind: UInt32 = 0x3000
  /// A symbol that must not occur, or a bit pattern that no symbol uses (value 0xFFFF).
  static let invalidKind: UInt32 = 0x4000
  /// The entry for bit patterns that no code uses.
  static let unusedEntry: UInt32 = 0xFFFF << 16 | invalidKind

  /// The primary table followed by the second-level tables.
  let entries: [UInt32]
  /// The width of the primary table's index.
  let primaryBits: Int

  /// Builds the table for a code given by its code lengths.
  ///
  /// Over-subscribed sets are rejected. Incomplete sets are rejected too, except the two
  /// RFC 1951 allows for distance codes (3.2.7): a single code of one bit, or no codes at
  /// all (a block of literals only).
  ///
  /// - Parameters:
  ///   - lengths: The code length of each symbol, 0 for unused symbols; each at most 15.
  ///   - alphabet: The alphabet the symbols belong to.
  /// - Throws: ``HuffmanTableError`` when the lengths do not define a usable code.
  init(lengths: ArraySlice<UInt8>, alphabet: HuffmanAlphabet) throws(HuffmanTableError) {
    let primaryBits = alphabet.primaryBits
    // 3.2.2 step 1: count the codes of each length.
    var counts = [Int](repeating: 0, count: 16)
    for length in lengths {
      counts[Int(length & 15)] += 1
    }
    let used = lengths.count - counts[0]
    counts[0] = 0
    // Kraft: of the 2^n bit patterns of length n, the codes of each length use up some;
    // a negative remainder means over-subscription, a positive one an incomplete code.
    var left = 1
    for length in 1...15 {
      left = left * 2 - counts[length]
      if left < 0 { throw .overSubscribed }
    }
    if left > 0 {
      let allowed = alphabet == .distance && (used == 0 || (used == 1 && counts[1] == 1))
      if !allowed { throw .incomplete }
    }
    // 3.2.2 step 2: the first code of each length.
    var nextCode = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
      code = (code + counts[length - 1]) << 1
      nextCode[length] = code
    }
    // 3.2.2 step 3: assign codes in symbol order. Codes are sent most significant bit
    // first (3.1.1), so the table is indexed by the bit-reversed code. A code longer than
    // primaryBits goes to the second-level table of the primary index given by its first
    // primaryBits bits; that table is as wide as the longest code sharing those bits, which
    // the primary entry records (bits 8–11) in this first pass.
    let primarySize = 1 << primaryBits
    let primaryMask = primarySize - 1
    var entries = [UInt32](repeating: Self.unusedEntry, count: primarySize)
    var reversedCodes = [Int](repeating: 0, count: lengths.count)
    var hasLongCodes = false
    for (symbol, length) in lengths.enumerated() where length > 0 {
      let length = Int(length & 15)
      let reversed = Self.reverse(nextCode[length], bits: length)
      nextCode[length] += 1
      reversedCodes[symbol] = reversed
      if length > primaryBits {
        hasLongCodes = true
        let prefix = reversed & primaryMask
        let width = UInt32(length - primaryBits)
        if width > (entries[prefix] >> 8) & 0xF {  // 0 for the initial unusedEntry
          entries[prefix] = Self.subtableKind | width << 8 | UInt32(primaryBits)
        }
      }
    }
    // Place the second-level tables after the primary table (their offset in bits 16–31).
    if hasLongCodes {
      for (symbol, length) in lengths.enumerated() where Int(length & 15) > primaryBits {
        let prefix = reversedCodes[symbol] & primaryMask
        guard entries[prefix] >> 16 == 0 else { continue }  // placed already
        let width = Int((entries[prefix] >> 8) & 0xF)
        entries[prefix] |= UInt32(entries.count) << 16
        entries.append(contentsOf: repeatElement(Self.unusedEntry, count: 1 << width))
      }
    }
    // Fill every index whose low bits are a code: a code of n bits owns 2^(width - n) slots
    // of a table indexed by `width` bits.
    let symbolEntries = alphabet.symbolEntries
    for (symbol, length) in lengths.enumerated() where length > 0 {
      let length = Int(length & 15)
      let reversed = reversedCodes[symbol]
      let entry = symbolEntries[symbol]
      if length <= primaryBits {
        var index = reversed
        while index < primarySize {
          entries[index] = entry | UInt32(length)
          index += 1 << length
        }
      } else {
        let pointer = entries[reversed & primaryMask]
        let start = Int(pointer >> 16)
        let size = 1 << Int((pointer >> 8) & 0xF)
        let remaining = length - primaryBits
        var index = reversed >> primaryBits
        while index < size {
          entries[start + index] = entry | UInt32(remaining)
          index += 1 << remaining
        }
      }
    }
    self.entries = entries
    self.primaryBits = primaryBits
  }

  /// Reverses the low `bits` bits of `code`.
  private static func reverse(_ code: Int, bits: Int) -> Int {
    var code = code
    var reversed = 0
    for _ in 0..<bits {
      reversed = reversed << 1 | code & 1
      code >>= 1
    }
    return reversed
  }
}

// MARK: - Inflater

/// A DEFLATE decoder reading one stream from a byte buffer (RFC 1951).
///
/// The decoder borrows the input pointer: it must not outlive the buffer it was made from.
struct Inflater {
  /// The order in which a dynamic block header lists the code length code lengths (3.2.7).
  private static let codeLengthOrder = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
  ]

  /// The whole input (the gzip file); the stream starts at `position`.
  private let input: UnsafePointer<UInt8>
  /// The number of bytes at `input`.
  private let inputCount: Int
  /// The name used in error messages.
  private let source: String
  /// The next input byte to load into the bit buffer.
  private var position: Int
  /// Loaded bits not yet consumed, the next one in bit 0. Bits above `bitCount` are either
  /// zero or copies of the bytes at `position`, so that an eight-byte load may OR over them.
  private var bitBuffer: UInt64 = 0
  /// How many bits of `bitBuffer` are loaded.
  private var bitCount = 0
  /// How many of the loaded bits are zeros appended past the end of the input; consuming
  /// any of them means the stream was truncated.
  private var virtualBits = 0
  /// The fixed Huffman tables (3.2.6), built on first use.
  private var fixedTables: (literalLength: HuffmanTable, distance: HuffmanTable)?

  /// Creates a decoder for the stream starting at byte `start` of `input`.
  ///
  /// - Parameters:
  ///   - input: The first byte of the input buffer.
  ///   - count: The number of bytes in the input buffer.
  ///   - start: The offset of the stream's first byte.
  ///   - source: The name used in error messages.
  init(input: UnsafePointer<UInt8>, count: Int, start: Int, source: String) {
    self.input = input
    self.inputCount = count
    self.position = start
    self.source = source
  }

  /// Decodes the whole stream, appending the bytes to `output`.
  ///
  /// - Parameter output: The output; back-references may reach only the bytes this stream
  ///   wrote, not earlier ones.
  /// - Returns: The offset of the first input byte after the stream (after the final
  ///   block, padded to a byte boundary).
  /// - Throws: `GateKitError.malformedData` for an invalid or truncated stream;
  ///   ``InflateOutputLimit`` when the stream holds more than `output.maximumSize` bytes,
  ///   after filling `output` to exactly `output.maximumSize` bytes (the symbol or stored
  ///   block that does not fit is valid, except that a truncation is reported as such).
  mutating func inflate(into output: inout InflateOutput) throws -> Int {
    let streamStart = output.count
    var isFinal = false
    repeat {
      // 3.2.3: each block starts with BFINAL (1 bit) and BTYPE (2 bits).
      let headerByte = currentByte
      isFinal = try readBits(1) == 1
      switch try readBits(2) {
      case 0:
        try copyStoredBlock(into: &output)
      case 1:
        let tables = try fixedHuffmanTables()
        try decodeBlock(tables.literalLength, tables.distance, into: &output, from: streamStart)
      case 2:
        let tables = try readDynamicTables()
        try decodeBlock(tables.literalLength, tables.distance, into: &output, from: streamStart)
      default:
        throw malformed(at: headerByte, "invalid block type 3")
      }
    } while !isFinal
    // The bits left in the last partial byte are padding; the trailer starts at the next
    // whole byte (RFC 1952 2.2).
    return position - (bitCount - virtualBits) / 8
  }

  // MARK: Bits

  /// The offset of the input byte holding the next unread bit.
  private var currentByte: Int {
    position - (Swift.max(bitCount - virtualBits, 0) + 7) / 8
  }

  /// Loads input bytes until at least 57 bits are buffered, appending zero bytes (counted
  /// in `virtualBits`) past the end of the input.
  private mutating func refill() {
    if position <= inputCount &- 8 {
      let word = UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self)
      bitBuffer |= UInt64(littleEndian: word) &<< UInt64(bitCount)
      position += (63 - bitCount) >> 3
      bitCount |= 56
    } else {
      while bitCount <= 56 {
        if position < inputCount {
          bitBuffer |= UInt64(input[position]) &<< UInt64(bitCount)
          position += 1
        } else {
          virtualBits += 8
        }
        bitCount += 8
      }
    }
  }

  /// Reads a `count`-bit number, least significant bit first (3.1.1).
  ///
  /// - Parameter count: The number of bits, at most 32.
  /// - Returns: The number.
  /// - Throws: `GateKitError.malformedData` when the input ends first.
  private mutating func readBits(_ count: Int) throws -> UInt32 {
    if bitCount < count { refill() }
    guard bitCount - virtualBits >= count else { throw truncated() }
    let value = UInt32(truncatingIfNeeded: bitBuffer & ((1 &<< UInt64(count)) &- 1))
    bitBuffer &>>= UInt64(count)
    bitCount -= count
    return value
  }

  // MARK: Errors

  /// The error for a problem at an input offset.
  private func malformed(at byte: Int, _ reason: String) -> GateKitError {
    .malformedData(source: source, location: "byte \(byte)", reason: reason)
  }

  /// The error for an input that ends before the stream does.
  private func truncated(_ detail: String = "") -> GateKitError {
    malformed(at: inputCount, "stream ends inside a block" + detail)
  }

  // MARK: Stored blocks (3.2.4)

  /// Copies a stored block: skip to a byte boundary, read LEN and NLEN, copy LEN bytes.
  private mutating func copyStoredBlock(into output: inout InflateOutput) throws {
    // The remaining bits of the current byte are ignored; whole unread bytes are given back.
    var offset = position - (bitCount - virtualBits) / 8
    bitBuffer = 0
    bitCount = 0
    virtualBits = 0
    guard inputCount - offset >= 4 else { throw truncated(" (stored block header)") }
    let length = Int(input[offset]) | Int(input[offset + 1]) << 8
    let complement = Int(input[offset + 2]) | Int(input[offset + 3]) << 8
    guard length == ~complement & 0xFFFF else {
      throw malformed(
        at: offset,
        "stored block LEN \(length) does not match NLEN \(complement) (not its one's complement)")
    }
    offset += 4
    guard inputCount - offset >= length else { throw truncated(" (stored block data)") }
    guard output.reserve(length) else {
      // Fill the output to its limit, then report the rest.
      let room = output.maximumSize - output.count
      _ = output.reserve(room)
      (output.base + output.count).initialize(from: input + offset, count: room)
      output.count += room
      throw InflateOutputLimit(byte: offset, maximumSize: output.maximumSize)
    }
    (output.base + output.count).initialize(from: input + offset, count: length)
    output.count += length
    position = offset + length
  }

  /// The error for a problem in the hot loop, given its local state: truncation if any
  /// appended zero bit was used, else `reason` at the byte holding the next unread bit.
  private func failure(
    _ position: Int, _ available: Int, _ virtual: Int, _ reason: String
  ) -> GateKitError {
    if available < virtual { return truncated() }
    return malformed(at: position - (available - virtual + 7) / 8, reason)
  }

  /// The error for an output that is full, given the hot loop's local state: truncation
  /// if any appended zero bit was used, else ``InflateOutputLimit`` at the byte holding the
  /// next unread bit.
  private func limitReached(
    _ position: Int, _ available: Int, _ virtual: Int, _ maximumSize: Int
  ) -> any Error {
    if available < virtual { return truncated() }
    return InflateOutputLimit(
      byte: position - (available - virtual + 7) / 8, maximumSize: maximumSize)
  }

  // MARK: Huffman block headers (3.2.6, 3.2.7)

  /// Builds a table, turning a bad code into an error at `byte`.
  private func table(
    _ lengths: ArraySlice<UInt8>, _ alphabet: HuffmanAlphabet, headerAt byte: Int
  ) throws -> HuffmanTable {
    do {
      return try HuffmanTable(lengths: lengths, alphabet: alphabet)
    } catch .overSubscribed {
      throw malformed(at: byte, "over-subscribed code lengths (\(alphabet.name) code)")
    } catch .incomplete {
      throw malformed(at: byte, "incomplete code lengths (\(alphabet.name) code)")
    }
  }

  /// The fixed Huffman codes of 3.2.6.
  private mutating func fixedHuffmanTables() throws -> (
    literalLength: HuffmanTable, distance: HuffmanTable
  ) {
    if let fixedTables { return fixedTables }
    var lengths = [UInt8](repeating: 8, count: 288)
    for symbol in 144..<256 { lengths[symbol] = 9 }
    for symbol in 256..<280 { lengths[symbol] = 7 }
    let tables = (
      literalLength: try table(lengths[...], .literalLength, headerAt: currentByte),
      distance: try table([UInt8](repeating: 5, count: 32)[...], .distance, headerAt: currentByte)
    )
    fixedTables = tables
    return tables
  }

  /// Reads the code definitions at the start of a dynamic Huffman block (3.2.7).
  private mutating func readDynamicTables() throws -> (
    literalLength: HuffmanTable, distance: HuffmanTable
  ) {
    let headerByte = currentByte
    let literalCount = Int(try readBits(5)) + 257  // HLIT + 257
    let distanceCount = Int(try readBits(5)) + 1  // HDIST + 1
    let codeLengthCount = Int(try readBits(4)) + 4  // HCLEN + 4
    guard literalCount <= 286 else {
      throw malformed(at: headerByte, "too many literal/length codes (\(literalCount) > 286)")
    }
    guard distanceCount <= 30 else {
      throw malformed(at: headerByte, "too many distance codes (\(distanceCount) > 30)")
    }
    // The code length code: 3 bits per length, in the order of codeLengthOrder.
    var codeLengthLengths = [UInt8](repeating: 0, count: 19)
    for index in 0..<codeLengthCount {
      codeLengthLengths[Self.codeLengthOrder[index]] = UInt8(try readBits(3))
    }
    let codeLengthCode = try table(codeLengthLengths[...], .codeLength, headerAt: headerByte)
    // The literal/length and distance code lengths form one sequence, which repeat codes
    // may run across (3.2.7).
    var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
    var index = 0
    while index < lengths.count {
      let symbolByte = currentByte
      let symbol = try decodeCodeLengthSymbol(codeLengthCode)
      var value: UInt8 = 0
      var repeatCount = 1
      switch symbol {
      case 0...15:
        value = UInt8(symbol)
      case 16:  // copy the previous length 3–6 times (2 extra bits)
        guard index > 0 else {
          throw malformed(at: symbolByte, "code length repeat (16) with no previous length")
        }
        value = lengths[index - 1]
        repeatCount = 3 + Int(try readBits(2))
      case 17:  // 3–10 zeros (3 extra bits)
        repeatCount = 3 + Int(try readBits(3))
      default:  // 18: 11–138 zeros (7 extra bits)
        repeatCount = 11 + Int(try readBits(7))
      }
      guard repeatCount <= lengths.count - index else {
        throw malformed(
          at: symbolByte,
          "code length repeat of \(repeatCount) runs past the \(lengths.count) code lengths")
      }
      for offset in index..<index + repeatCount {
        lengths[offset] = value
      }
      index += repeatCount
    }
    guard lengths[256] != 0 else {
      throw malformed(at: currentByte, "no end-of-block code (symbol 256 has code length 0)")
    }
    return (
      literalLength: try table(lengths[..<literalCount], .literalLength, headerAt: currentByte),
      distance: try table(lengths[literalCount...], .distance, headerAt: currentByte)
    )
  }

  /// Decodes one symbol of the code length code (at most 7 bits, no second-level tables).
  private mutating func decodeCodeLengthSymbol(_ code: HuffmanTable) throws -> Int {
    if bitCount < 7 { refill() }
    let entry = code.entries[Int(truncatingIfNeeded: bitBuffer & 0x7F)]
    let length = Int(entry & 0xFF)
    guard length <= bitCount - virtualBits else { throw truncated(" (code lengths)") }
    guard entry & HuffmanTable.kindMask == HuffmanTable.symbolKind, length > 0 else {
      throw malformed(at: currentByte, "unused code length code")
    }
    bitBuffer &>>= UInt64(length)
    bitCount -= length
    return Int(entry >> 16)
  }

  // MARK: Huffman block data (3.2.5)

  /// Decodes the symbols of a Huffman-coded block up to its end-of-block symbol.
  private mutating func decodeBlock(
    _ literalLength: HuffmanTable, _ distance: HuffmanTable, into output: inout InflateOutput,
    from streamStart: Int
  ) throws {
    try literalLength.entries.withUnsafeBufferPointer { literalTable in
      try distance.entries.withUnsafeBufferPointer { distanceTable in
        try decodeSymbols(
          literalTable, literalBits: literalLength.primaryBits, distanceTable,
          distanceBits: distance.primaryBits, into: &output, from: streamStart)
      }
    }
  }

  /// The hot loop: literals, and length/distance pairs copied from earlier output.
  ///
  /// The state lives in local variables for the duration of the block. Each iteration
  /// first ensures at least 48 bits are buffered — the most one symbol can use: a 15-bit
  /// literal/length code, 5 length extra bits, a 15-bit distance code and 13 distance extra
  /// bits — so no bit count is checked inside an iteration. Past the end of the input the
  /// refill appends zero bits, and any use of those is reported as truncation before any
  /// other error, and at the end of the block.
  private mutating func decodeSymbols(
    _ literalTable: UnsafeBufferPointer<UInt32>, literalBits: Int,
    _ distanceTable: UnsafeBufferPointer<UInt32>, distanceBits: Int,
    into output: inout InflateOutput, from streamStart: Int
  ) throws {
    let input = self.input
    let inputCount = self.inputCount
    var position = self.position
    var bits = bitBuffer
    var available = bitCount
    var virtual = virtualBits
    var out = output.base
    var written = output.count
    var capacity = output.capacity
    defer {
      self.position = position
      bitBuffer = bits
      bitCount = available
      virtualBits = virtual
      output.count = written
    }
    let literalMask = (UInt64(1) &<< UInt64(literalBits)) &- 1
    let distanceMask = (UInt64(1) &<< UInt64(distanceBits)) &- 1
    let kindMask = HuffmanTable.kindMask

    while true {
      if available < 48 {
        if position <= inputCount &- 8 {
          let word = UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self)
          bits |= UInt64(littleEndian: word) &<< UInt64(available)
          position &+= (63 &- available) &>> 3
          available |= 56
        } else {
          if available < virtual { throw truncated() }
          while available <= 56 {
            if position < inputCount {
              bits |= UInt64(input[position]) &<< UInt64(available)
              position &+= 1
            } else {
              virtual &+= 8
            }
            available &+= 8
          }
        }
      }

      // Literal/length symbol: primary table, then a second-level table for long codes.
      var entry = literalTable[Int(truncatingIfNeeded: bits & literalMask)]
      if entry & kindMask == HuffmanTable.subtableKind {
        bits &>>= UInt64(literalBits)
        available &-= literalBits
        let subtableMask = (UInt64(1) &<< UInt64((entry >> 8) & 0xF)) &- 1
        entry = literalTable[Int(entry >> 16) &+ Int(truncatingIfNeeded: bits & subtableMask)]
      }
      bits &>>= UInt64(entry & 0xFF)
      available &-= Int(entry & 0xFF)
      let kind = entry & kindMask

      if kind == HuffmanTable.symbolKind {  // a literal byte
        if written == capacity {
          output.count = written
          guard output.reserve(1) else {
            throw limitReached(position, available, virtual, output.maximumSize)
          }
          out = output.base
          capacity = output.capacity
        }
        out[written] = UInt8(truncatingIfNeeded: entry >> 16)
        written &+= 1
        continue
      }

      if kind == HuffmanTable.lengthKind {
        // Length: base plus extra bits.
        let lengthExtra = UInt64((entry >> 8) & 0xF)
        let length = Int(entry >> 16) &+ Int(truncatingIfNeeded: bits & ((1 &<< lengthExtra) &- 1))
        bits &>>= lengthExtra
        available &-= Int(lengthExtra)

        // Distance symbol, then its extra bits.
        var distanceEntry = distanceTable[Int(truncatingIfNeeded: bits & distanceMask)]
        if distanceEntry & kindMask == HuffmanTable.subtableKind {
          bits &>>= UInt64(distanceBits)
          available &-= distanceBits
          let subtableMask = (UInt64(1) &<< UInt64((distanceEntry >> 8) & 0xF)) &- 1
          distanceEntry =
            distanceTable[
              Int(distanceEntry >> 16) &+ Int(truncatingIfNeeded: bits & subtableMask)]
        }
        bits &>>= UInt64(distanceEntry & 0xFF)
        available &-= Int(distanceEntry & 0xFF)
        guard distanceEntry & kindMask == HuffmanTable.symbolKind else {
          let symbol = distanceEntry >> 16
          throw failure(
            position, available, virtual,
            symbol == 0xFFFF ? "unused distance code" : "invalid distance symbol \(symbol)")
        }
        let distanceExtra = UInt64((distanceEntry >> 8) & 0xF)
        let distance =
          Int(distanceEntry >> 16) &+ Int(truncatingIfNeeded: bits & ((1 &<< distanceExtra) &- 1))
        bits &>>= distanceExtra
        available &-= Int(distanceExtra)

        guard distance <= written &- streamStart else {
          throw failure(
            position, available, virtual,
            "distance \(distance) goes back before the start of the output")
        }
        if length > capacity &- written {
          output.count = written
          guard output.reserve(length) else {
            // Fill the output to its limit (forwards, byte by byte, as the source may
            // overlap), then report the rest.
            let error = limitReached(position, available, virtual, output.maximumSize)
            if error is InflateOutputLimit {
              let room = output.maximumSize &- written
              _ = output.reserve(room)
              let target = output.base + written
              for offset in 0..<room {
                target[offset] = target[offset &- distance]
              }
              written &+= room
            }
            throw error
          }
          out = output.base
          capacity = output.capacity
        }
        // Copy `length` bytes from `distance` bytes back. The source may overlap the
        // destination (distance < length): each byte then repeats one written earlier in
        // this same copy, so the copy must run forwards.
        let target = out + written
        let source = target - distance
        if distance >= 8 {
          // Eight bytes at a time: each chunk reads bytes at least eight before the bytes
          // it writes, so they are final already. May overshoot into the slack.
          var offset = 0
          repeat {
            let chunk = UnsafeRawPointer(source + offset).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(target + offset).storeBytes(of: chunk, as: UInt64.self)
            offset &+= 8
          } while offset < length
        } else if distance == 1 {
          target.initialize(repeating: source.pointee, count: length)
        } else {
          for offset in 0..<length {
            target[offset] = source[offset]
          }
        }
        written &+= length
        continue
      }

      if kind == HuffmanTable.endOfBlockKind { break }

      let symbol = entry >> 16
      throw failure(
        position, available, virtual,
        symbol == 0xFFFF ? "unused literal/length code" : "invalid literal/length symbol \(symbol)")
    }
    if available < virtual { throw truncated() }
  }
}
