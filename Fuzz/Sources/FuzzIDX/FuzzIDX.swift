import GateKitCompression
import GateKitCore
import GateKitData

/// libFuzzer's entry point: decodes the input with `IDXArray(decoding:source:)`, the path
/// of `IDXArray(contentsOf:)` (raw, or gzip decompressed no further than the header
/// declares). A thrown `GateKitError` is an expected outcome; a crash, trap or sanitizer
/// report is a finding, and so is a gzip input that decodes but differs from what full
/// decompression and `IDXArray(parsing:source:)` make of it.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their number.
/// - Returns: 0 (keep the input in the corpus if it is interesting).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let array = try IDXArray(decoding: bytes, source: "fuzz.idx")
    precondition(array.bytes.count == array.shape.reduce(1, *))
    precondition(array.bytes.count <= IDXArray.maximumSize)
    let tensor: Tensor<Float> = array.tensor(scale: 1.0 / 255)
    precondition(tensor.shape == array.shape)
    if Gzip.isCompressed(bytes) {
      // Decoding succeeded, so the whole output is no larger than the header declares.
      let whole = try Gzip.decompress(bytes, source: "fuzz.idx")
      let parsed = try IDXArray(parsing: whole, source: "fuzz.idx")
      precondition(parsed.shape == array.shape && parsed.bytes == array.bytes)
    }
  } catch is GateKitError {
  } catch {
    fatalError("the IDX reader threw a non-GateKitError: \(error)")
  }
  return 0
}
