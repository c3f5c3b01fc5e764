import Foundation
import GateKitCompression
import GateKitCore
import GateKitFiles

/// An array in the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed:
/// two zero bytes, a type byte (`0x08` = unsigned byte, the only type these datasets
/// use), the number of dimensions, each dimension as a big-endian `UInt32`, then the
/// values in row-major order.
///
/// ```swift
/// let images = try IDXArray(contentsOf: directory.appending(path: "t10k-images-idx3-ubyte.gz"))
/// print(images.shape)  // [10000, 28, 28]
/// ```
public struct IDXArray: Sendable {
  /// The dimensions, outermost first.
  public let shape: [Int]
  /// The values in row-major order.
  public let bytes: [UInt8]

  /// The largest array accepted, in bytes (larger headers are rejected before allocating).
  public static let maximumSize = 1 << 31

  /// The longest header accepted: the magic number and eight dimensions.
  static let maximumHeaderSize = 4 + 4 * 8

  /// Reads an IDX file, raw or gzip-compressed, as ``init(decoding:source:)`` does.
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming
  ///   the file's path, for an unreadable file, a corrupt gzip stream or a malformed IDX
  ///   array.
  public init(contentsOf url: URL) throws {
    try self.init(decoding: [UInt8](try fileContents(of: url)), source: url.path)
  }

  /// Decodes the bytes of an IDX file, decompressing them first if they start with the
  /// gzip magic number; never decompressing more than the header declares.
  ///
  /// A gzip stream is decompressed in two steps: first only enough of it for the longest
  /// header (36 bytes), which is checked as ``init(parsing:source:)`` checks it, then at
  /// most the size that header declares (header plus payload). A stream with more output
  /// than that is rejected as soon as decoding reaches the extra byte, so a small file that
  /// expands to gigabytes costs no more than its header says. A stream that ends at or
  /// before the declared size is decompressed and checked in full (every member's CRC-32
  /// and size); one that goes on is checked only up to the declared size plus that first
  /// extra byte (see `Gzip.decompress(_:source:upTo:)`). A stream of at most 36 bytes is
  /// whole after the first step, and its size is reported exactly, as for raw bytes.
  ///
  /// - Parameters:
  ///   - bytes: The file, raw or gzip-compressed.
  ///   - source: The file name for errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)``
  ///   naming `source`: the errors of ``init(parsing:source:)`` (at offsets of the
  ///   decompressed bytes), those of
  ///   ``/GateKitCompression/Gzip/decompress(_:source:maximumSize:)`` (at offsets of the
  ///   compressed bytes), and for a gzip stream with more output than declared,
  ///   `payload has trailing bytes: dimensions [2, 20] need 40 bytes, found more than 40 (…)`.
  public init(decoding bytes: [UInt8], source: String) throws {
    guard Gzip.isCompressed(bytes) else {
      try self.init(parsing: bytes, source: source)
      return
    }
    let prefix = try Gzip.decompress(bytes, source: source, upTo: Self.maximumHeaderSize)
    guard !prefix.isComplete else {
      try self.init(parsing: prefix.bytes, source: source)
      return
    }
    // The prefix holds the longest header, so this reports every header problem.
    let header = try Header(prefix.bytes, source: source)
    let declared = header.size + header.payloadSize
    let whole = try Gzip.decompress(bytes, source: source, upTo: declared)
    guard whole.isComplete else {
      throw GateKitError.malformedData(
        source: source, location: "byte \(declared)",
        reason:
          "payload has trailing bytes: dimensions \(header.shape) need \(header.payloadSize) "
          + "bytes, found more than \(header.payloadSize) "
          + "(decompression stops at the \(declared) bytes the header declares)")
    }
    try self.init(parsing: whole.bytes, source: source)
  }

  /// Parses the bytes of an IDX file.
  ///
  /// - Parameters:
  ///   - bytes: The uncompressed file.
  ///   - source: The file name for errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the byte
  ///   offset of a bad magic number, an unsupported type, a header that ends early, or a
  ///   payload whose size does not match the dimensions.
  public init(parsing bytes: [UInt8], source: String) throws {
    let header = try Header(bytes, source: source)
    let payload = bytes.count - header.size
    let count = header.payloadSize
    guard payload == count else {
      let problem = payload < count ? "truncated" : "has trailing bytes"
      throw GateKitError.malformedData(
        source: source, location: "byte \(header.size + Swift.min(payload, count))",
        reason:
          "payload \(problem): dimensions \(header.shape) need \(count) bytes, found \(payload)")
    }
    self.shape = header.shape
    self.bytes = Array(bytes[header.size...])
  }

  /// The header of an IDX file: magic number, type, rank and dimensions, checked.
  private struct Header {
    /// The dimensions, outermost first.
    let shape: [Int]
    /// The header's length in bytes: 4 + 4 × rank.
    let size: Int
    /// The payload's length in bytes: the product of the dimensions (one byte per value).
    let payloadSize: Int

    /// Reads the header at the start of `bytes`, which may hold more than the header.
    ///
    /// - Parameters:
    ///   - bytes: The start of an uncompressed file, or all of it.
    ///   - source: The file name for errors.
    /// - Throws: `GateKitError.malformedData` naming the byte offset of a bad magic
    ///   number, an unsupported type or rank, a header that ends early, or dimensions that
    ///   describe more than ``IDXArray/maximumSize`` bytes.
    init(_ bytes: [UInt8], source: String) throws {
      func fail(_ offset: Int, _ reason: String) -> GateKitError {
        .malformedData(source: source, location: "byte \(offset)", reason: reason)
      }
      guard bytes.count >= 4 else {
        throw fail(bytes.count, "the file ends inside the 4-byte magic number")
      }
      guard bytes[0] == 0, bytes[1] == 0 else {
        throw fail(
          0,
          "bad magic number: an IDX file starts with two zero bytes, found \(hex(bytes[0])) \(hex(bytes[1]))"
        )
      }
      guard bytes[2] == 0x08 else {
        throw fail(
          2, "unsupported data type \(hex(bytes[2])) (only 0x08, unsigned bytes, is supported)")
      }
      let rank = Int(bytes[3])
      guard (1...8).contains(rank) else {
        throw fail(3, "unsupported number of dimensions \(rank)")
      }
      let headerSize = 4 + 4 * rank
      guard bytes.count >= headerSize else {
        throw fail(
          bytes.count,
          "the file ends inside the header (\(headerSize) bytes for \(rank) dimensions)")
      }
      var shape: [Int] = []
      var count = 1
      for axis in 0..<rank {
        let offset = 4 + 4 * axis
        let size = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        shape.append(size)
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, product <= IDXArray.maximumSize else {
          throw fail(
            offset, "dimensions \(shape) describe more than \(IDXArray.maximumSize) bytes")
        }
        count = product
      }
      self.shape = shape
      self.size = headerSize
      self.payloadSize = count
    }
  }

  /// The values as a tensor, each multiplied by `scale` (for example `1/255` for pixels).
  ///
  /// - Parameter scale: The factor applied to every byte.
  /// - Returns: A tensor of shape ``shape``.
  public func tensor<Scalar: TensorScalar>(scale: Double = 1) -> Tensor<Scalar> {
    // Convert in concrete code for the two standard types (millions of pixels), generically
    // otherwise.
    let result: Tensor<Scalar>?
    if Scalar.self == Float.self {
      let factor = Float(scale)
      result =
        (try? Tensor<Float>(shape: shape, scalars: bytes.map { Float($0) * factor }))
        as? Tensor<Scalar>
    } else if Scalar.self == Double.self {
      result =
        (try? Tensor<Double>(shape: shape, scalars: bytes.map { Double($0) * scale }))
        as? Tensor<Scalar>
    } else {
      result = try? Tensor<Scalar>(shape: shape, scalars: bytes.map { Scalar(Double($0) * scale) })
    }
    // The shape was validated against the byte count when parsing, so the tensor exists.
    return result ?? Tensor(zerosLike: Tensor<Scalar>(0))
  }
}

private func hex(_ byte: UInt8) -> String {
  "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
}
