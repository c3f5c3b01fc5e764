import Foundation
import GateKitCore
import GateKitFiles

extension SafetensorsArchive.Entry {
  /// The values converted to `Scalar`, checked to be finite: what a model's parameters
  /// or an optimizer's state may hold.
  ///
  /// - Parameters:
  ///   - type: The scalar type to convert to.
  ///   - name: The tensor's name in the archive, for the error.
  ///   - operation: The loading operation, for the error.
  /// - Returns: The tensor.
  /// - Throws: ``/GateKitCore/GateKitError/nonFinite(operation:location:)`` naming the
  ///   tensor and the first element that is NaN or infinite — stored so, or beyond the
  ///   range of `Scalar` (an `F64` value of 1e300 loaded as `Float`).
  func finiteTensor<Scalar: TensorScalar>(
    as type: Scalar.Type, name: String, operation: String
  ) throws -> Tensor<Scalar> {
    let tensor = self.tensor(as: type)
    guard !tensor.isFinite, let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) else {
      return tensor
    }
    let converted = tensor.scalars[index]
    let stored: Double =
      switch self {
      case .float32(let values): Double(values.scalars[index])
      case .float64(let values): values.scalars[index]
      }
    let value = stored.isFinite ? "\(stored) is \(converted) as \(Scalar.self)" : "\(converted)"
    var position: [Int] = []
    var rest = index
    for dimension in shape.reversed() {
      position.append(rest % dimension)
      rest /= dimension
    }
    let element = position.reversed().map(String.init).joined(separator: ", ")
    throw GateKitError.nonFinite(
      operation: operation,
      location: "tensor '\(quotable(name))', element [\(element)] (\(value))")
  }
}

/// Named tensors in the **safetensors** format: an 8-byte little-endian header length, a
/// JSON header mapping each name to its `dtype` (`F32` or `F64`), `shape` and
/// `data_offsets` (plus an optional `__metadata__` map of strings), then the raw
/// little-endian bytes. Python reads it with `safetensors.numpy.load_file`.
///
/// Decoding trusts nothing: the header length must fit in the file and under
/// ``maximumHeaderLength``, the JSON must be an object of well-formed entries, each
/// `shape × dtype size` must equal its byte range, the ranges must lie in the payload,
/// cover it without gaps and not overlap. Every problem is a
/// ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the tensor
/// or the byte offset; no input makes it crash or allocate more than the file's size.
///
/// ```swift
/// var archive = SafetensorsArchive(metadata: ["format": "pt"])
/// archive.tensors["weight"] = .float32(try Tensor<Float>(rows: [[1, 2]]))
/// let bytes = try archive.encoded()
/// let decoded = try SafetensorsArchive(decoding: bytes, source: "memory")
/// ```
public struct SafetensorsArchive: Sendable, Equatable {
  /// A stored tensor, in the precision it is stored in.
  public enum Entry: Sendable, Equatable {
    /// `F32`.
    case float32(Tensor<Float>)
    /// `F64`.
    case float64(Tensor<Double>)

    /// The shape.
    public var shape: [Int] {
      switch self {
      case .float32(let tensor): tensor.shape
      case .float64(let tensor): tensor.shape
      }
    }

    /// The safetensors dtype name: `F32` or `F64`.
    public var dtype: String {
      switch self {
      case .float32: "F32"
      case .float64: "F64"
      }
    }

    /// The tensor in its own precision: `F32` for `Float`, `F64` for any other scalar
    /// type (converted).
    ///
    /// - Parameter tensor: The tensor.
    public init<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) {
      if let float = tensor as? Tensor<Float> {
        self = .float32(float)
      } else {
        self = .float64(Tensor<Double>(tensor))
      }
    }

    /// The values converted to `Scalar`.
    ///
    /// - Returns: The tensor.
    public func tensor<Scalar: TensorScalar>(as _: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
      switch self {
      case .float32(let tensor): Tensor<Scalar>(tensor)
      case .float64(let tensor): Tensor<Scalar>(tensor)
      }
    }
  }

  /// The largest header accepted when decoding: 100 MB (the reference implementation's
  /// bound).
  public static let maximumHeaderLength = 100_000_000

  /// The tensors by name.
  public var tensors: [String: Entry]
  /// The `__metadata__` strings.
  public var metadata: [String: String]

  /// An archive.
  ///
  /// - Parameters:
  ///   - tensors: The tensors by name.
  ///   - metadata: The `__metadata__` strings.
  public init(tensors: [String: Entry] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  // MARK: Files

  /// Reads and validates a safetensors file.
  ///
  /// ```swift
  /// let archive = try SafetensorsArchive(contentsOf: URL(filePath: "model.safetensors"))
  /// ```
  ///
  /// - Parameter url: The file.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable or malformed file.
  public init(contentsOf url: URL) throws {
    try self.init(decoding: fileContents(of: url), source: url.path)
  }

  /// Writes the archive atomically: to a temporary file in the same directory, flushed
  /// to disk and renamed over `url`, so that `url` always holds a whole file — the old
  /// one or the new one — even if the process is killed mid-write. As ``AtomicFile``
  /// writes: a replaced file keeps its permissions and owner, a read-only one is refused,
  /// and a symbolic link is written through.
  ///
  /// - Parameter url: The file to write.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a
  ///   tensor named `__metadata__`,
  ///   ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` when the file
  ///   cannot be written (see ``AtomicFile/write(_:toPath:)``).
  public func write(to url: URL) throws {
    try AtomicFile.write(encoded(), to: url)
  }

  // MARK: Encoding

  /// The archive's bytes: tensors in name order, the header padded with spaces to a
  /// multiple of 8 bytes (as the reference implementation does).
  ///
  /// - Returns: The file contents.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a
  ///   tensor named `__metadata__`.
  public func encoded() throws -> Data {
    guard tensors["__metadata__"] == nil else {
      throw GateKitError.invalidArgument(
        operation: "SafetensorsArchive", reason: "no tensor may be named __metadata__")
    }
    var header: [String: Any] = [:]
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    var payload = Data()
    payload.reserveCapacity(
      tensors.values.reduce(0) {
        switch $1 {
        case .float32(let tensor): $0 + 4 * tensor.scalarCount
        case .float64(let tensor): $0 + 8 * tensor.scalarCount
        }
      })
    for name in tensors.keys.sorted() {
      guard let entry = tensors[name] else { continue }
      let start = payload.count
      switch entry {
      case .float32(let tensor): Self.append(tensor.scalars, to: &payload)
      case .float64(let tensor): Self.append(tensor.scalars, to: &payload)
      }
      header[name] = [
        "dtype": entry.dtype, "shape": entry.shape, "data_offsets": [start, payload.count],
      ]
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var data = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    data.append(payload)
    return data
  }

  // MARK: Decoding

  /// Decodes and validates safetensors bytes.
  ///
  /// - Parameters:
  ///   - data: The file contents.
  ///   - source: The file name, for errors.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` saying
  ///   what is wrong and where.
  public init(decoding data: Data, source: String) throws {
    func fail(_ location: String, _ reason: String) -> GateKitError {
      .malformedData(source: source, location: location, reason: reason)
    }
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else {
      throw fail("byte 0", "\(bytes.count) bytes is too short for the 8-byte header length")
    }
    let declared = bytes[0..<8].enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.1) << (8 * UInt64($1.0))
    }
    guard declared <= UInt64(Self.maximumHeaderLength) else {
      throw fail(
        "byte 0", "header length \(declared) exceeds the limit of \(Self.maximumHeaderLength) bytes"
      )
    }
    let headerLength = Int(declared)
    guard headerLength <= bytes.count - 8 else {
      throw fail(
        "byte 0", "header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
    }
    let headerBytes = Data(bytes[8..<(8 + headerLength)])
    guard let object = try? JSONSerialization.jsonObject(with: headerBytes),
      let header = object as? [String: Any]
    else {
      throw fail("header (bytes 8..<\(8 + headerLength))", "not a JSON object")
    }
    let payload = bytes[(8 + headerLength)...]
    var metadata: [String: String] = [:]
    if let raw = header["__metadata__"] {
      guard let strings = raw as? [String: String] else {
        throw fail("header, __metadata__", "must map strings to strings")
      }
      metadata = strings
    }
    var ranges: [(start: Int, end: Int, name: String)] = []
    var tensors: [String: Entry] = [:]
    for name in header.keys.sorted() where name != "__metadata__" {
      let location = "header, tensor '\(name)'"
      guard let fields = header[name] as? [String: Any] else {
        throw fail(location, "not a JSON object")
      }
      guard let dtype = fields["dtype"] as? String else { throw fail(location, "missing dtype") }
      let size: Int
      switch dtype {
      case "F32": size = 4
      case "F64": size = 8
      default: throw fail(location, "dtype \(dtype) is not supported (F32, F64)")
      }
      guard let shapeValues = fields["shape"] as? [Any],
        let shape = Self.integers(shapeValues), shape.allSatisfy({ $0 >= 0 })
      else { throw fail(location, "shape must be an array of non-negative integers") }
      guard let offsetValues = fields["data_offsets"] as? [Any],
        let offsets = Self.integers(offsetValues),
        offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1]
      else { throw fail(location, "data_offsets must be [begin, end] with 0 ≤ begin ≤ end") }
      var count = 1
      for dimension in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow, product <= payload.count else {
          throw fail(
            location, "shape \(shape) holds more elements than the \(payload.count)-byte payload")
        }
        count = product
      }
      guard offsets[1] - offsets[0] == count * size else {
        throw fail(
          location,
          "shape \(shape) of \(dtype) needs \(count * size) bytes but data_offsets cover \(offsets[1] - offsets[0])"
        )
      }
      guard offsets[1] <= payload.count else {
        throw fail(location, "data_offsets \(offsets) run past the \(payload.count)-byte payload")
      }
      ranges.append((offsets[0], offsets[1], name))
      let start = payload.startIndex + offsets[0]
      let raw = payload[start..<(start + count * size)]
      tensors[name] =
        size == 4
        ? .float32(try Tensor(shape: shape, scalars: Self.values(raw, as: Float.self)))
        : .float64(try Tensor(shape: shape, scalars: Self.values(raw, as: Double.self)))
    }
    ranges.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    var covered = 0
    for range in ranges {
      guard range.start >= covered || range.start == range.end else {
        throw fail("header, tensor '\(range.name)'", "data_offsets overlap another tensor's bytes")
      }
      guard range.start <= covered else {
        throw fail(
          "payload byte \(covered)", "bytes \(covered)..<\(range.start) belong to no tensor")
      }
      covered = Swift.max(covered, range.end)
    }
    guard covered == payload.count else {
      throw fail(
        "payload byte \(covered)", "bytes \(covered)..<\(payload.count) belong to no tensor")
    }
    self.init(tensors: tensors, metadata: metadata)
  }

  /// JSON numbers as integers, or `nil` if any is not an exact integer.
  private static func integers(_ values: [Any]) -> [Int]? {
    var result: [Int] = []
    for value in values {
      guard let number = value as? NSNumber else { return nil }
      let double = number.doubleValue
      guard double.rounded() == double, Swift.abs(double) < 9e15 else { return nil }
      result.append(number.intValue)
    }
    return result
  }

  /// IEEE 754 values from their little-endian bytes (a whole number of them), copied in
  /// one pass.
  private static func values<T: BinaryFloatingPoint>(_ bytes: ArraySlice<UInt8>, as _: T.Type)
    -> [T]
  {
    var result = [T](repeating: 0, count: bytes.count / MemoryLayout<T>.size)
    result.withUnsafeMutableBytes { target in
      bytes.withUnsafeBytes { source in target.copyMemory(from: source) }
      #if _endian(big)
        reverseEachValue(target, size: MemoryLayout<T>.size)
      #endif
    }
    return result
  }

  /// Appends IEEE 754 values to `data` as little-endian bytes.
  private static func append<T: BinaryFloatingPoint>(_ values: [T], to data: inout Data) {
    #if _endian(big)
      var values = values
      values.withUnsafeMutableBytes { reverseEachValue($0, size: MemoryLayout<T>.size) }
    #endif
    values.withUnsafeBytes { data.append(contentsOf: $0) }
  }

  #if _endian(big)
    /// Reverses the bytes of each `size`-byte value in place.
    private static func reverseEachValue(_ bytes: UnsafeMutableRawBufferPointer, size: Int) {
      for start in stride(from: 0, to: bytes.count, by: size) {
        UnsafeMutableRawBufferPointer(rebasing: bytes[start..<(start + size)]).reverse()
      }
    }
  #endif
}
