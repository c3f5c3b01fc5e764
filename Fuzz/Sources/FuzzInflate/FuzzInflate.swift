import GateKitCompression
import GateKitCore

/// A minimal gzip member header (RFC 1952 2.3): magic, method 8 (deflate), no flags,
/// no time, no extra flags, OS 255 (unknown).
private let gzipHeader: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]

/// libFuzzer's entry point: decodes the input as a raw DEFLATE stream (RFC 1951) behind a
/// fixed gzip header, so that every mutation exercises the decoder rather than the header
/// checks. The trailer is whatever follows the stream in the input (its CRC-32 rarely
/// matches; the decoding has happened by then). A thrown `GateKitError` is an expected
/// outcome; a crash, trap or sanitizer report is a finding.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their number.
/// - Returns: 0 (keep the input in the corpus if it is interesting).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = gzipHeader + UnsafeBufferPointer(start: data, count: size)
  do {
    _ = try Gzip.decompress(bytes, source: "fuzz.deflate", maximumSize: 1 << 24)
  } catch is GateKitError {
  } catch {
    fatalError("Gzip.decompress threw a non-GateKitError: \(error)")
  }
  return 0
}
