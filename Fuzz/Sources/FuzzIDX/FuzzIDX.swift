import GateKitCore
import GateKitData

/// libFuzzer's entry point: reads the input as `IDXArray(contentsOf:)` reads a file,
/// decompressing it first if it starts with the gzip magic number. A thrown `GateKitError`
/// is an expected outcome; a crash, trap or sanitizer report is a finding.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their number.
/// - Returns: 0 (keep the input in the corpus if it is interesting).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  do {
    if Gzip.isCompressed(bytes) {
      bytes = try Gzip.decompress(
        bytes, source: "fuzz.idx.gz", maximumSize: IDXArray.maximumSize + 64)
    }
    let array = try IDXArray(parsing: bytes, source: "fuzz.idx")
    precondition(array.bytes.count == array.shape.reduce(1, *))
    let tensor: Tensor<Float> = array.tensor(scale: 1.0 / 255)
    precondition(tensor.shape == array.shape)
  } catch is GateKitError {
  } catch {
    fatalError("the IDX reader threw a non-GateKitError: \(error)")
  }
  return 0
}
