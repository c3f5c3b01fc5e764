import Foundation
import GateKitCore
import GateKitData
import Testing

// Helpers shared by the data-loading tests: IDX byte builders, the pixel formula of the
// IDX fixtures (see Fixtures/make_idx_fixtures.py) and scratch directories.

/// The bytes of an IDX array of unsigned bytes: two zero bytes, type `0x08`, the rank, each
/// dimension as a big-endian `UInt32`, then the payload.
///
/// - Parameters:
///   - shape: The dimensions, outermost first.
///   - payload: The values in row-major order.
/// - Returns: The file's bytes.
func idxBytes(shape: [Int], payload: [UInt8]) -> [UInt8] {
  var bytes: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
  for size in shape {
    bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: UInt32(size) >> UInt32($0)) }
  }
  return bytes + payload
}

/// The contents of the IDX fixtures, by the formula of `make_idx_fixtures.py`.
enum IDXFixture {
  /// The side of an MNIST image.
  static let side = 28
  /// The labels in `idx-labels-3.gz`.
  static let testLabels: [UInt8] = [7, 2, 1]

  /// Pixel `(row, column)` of image `image`: `(image·31 + row·7 + column·3) mod 256`.
  static func pixel(image: Int, row: Int, column: Int) -> UInt8 {
    UInt8((image * 31 + row * 7 + column * 3) % 256)
  }

  /// The row-major pixels of `count` images, the first numbered `first`.
  static func pixels(images count: Int, first: Int = 0) -> [UInt8] {
    (first..<(first + count)).flatMap { image in
      (0..<side).flatMap { row in (0..<side).map { pixel(image: image, row: row, column: $0) } }
    }
  }

  /// The URL of a fixture file in the test bundle.
  static func url(_ name: String, extension pathExtension: String? = nil) throws -> URL {
    try #require(
      Bundle.module.url(forResource: name, withExtension: pathExtension, subdirectory: "Fixtures"),
      "fixture \(name)\(pathExtension.map { ".\($0)" } ?? "") is missing from the test bundle")
  }
}

/// A new empty directory under the system's temporary directory; the caller removes it.
func makeScratchDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "GateKitDataTests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
