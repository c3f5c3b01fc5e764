import Foundation
import GateKitCore

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

  /// Reads an IDX file, decompressing it first if it starts with the gzip magic number.
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable file, a corrupt gzip stream or a malformed IDX array.
  public init(contentsOf url: URL) throws {
    let data = try fileContents(of: url)
    var bytes = [UInt8](data)
    if Gzip.isCompressed(bytes) {
      bytes = try Gzip.decompress(bytes, source: url.path, maximumSize: Self.maximumSize + 64)
    }
    try self.init(parsing: bytes, source: url.path)
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
    guard (1...8).contains(rank) else { throw fail(3, "unsupported number of dimensions \(rank)") }
    let headerSize = 4 + 4 * rank
    guard bytes.count >= headerSize else {
      throw fail(
        bytes.count, "the file ends inside the header (\(headerSize) bytes for \(rank) dimensions)")
    }
    var shape: [Int] = []
    var count = 1
    for axis in 0..<rank {
      let offset = 4 + 4 * axis
      let size = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      shape.append(size)
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, product <= Self.maximumSize else {
        throw fail(offset, "dimensions \(shape) describe more than \(Self.maximumSize) bytes")
      }
      count = product
    }
    let payload = bytes.count - headerSize
    guard payload == count else {
      let problem = payload < count ? "truncated" : "has trailing bytes"
      throw fail(
        headerSize + Swift.min(payload, count),
        "payload \(problem): dimensions \(shape) need \(count) bytes, found \(payload)")
    }
    self.shape = shape
    self.bytes = Array(bytes[headerSize...])
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
