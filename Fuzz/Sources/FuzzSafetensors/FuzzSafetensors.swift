import Foundation
import GateKitCheckpoints
import GateKitCore

/// libFuzzer's entry point: decodes the input as a safetensors file and, when it is valid,
/// checks that it survives an encode-decode round trip. A thrown `GateKitError` is an
/// expected outcome; a crash, trap or sanitizer report is a finding.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their number.
/// - Returns: 0 (keep the input in the corpus if it is interesting).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = Data(bytes: data, count: size)
  do {
    let archive = try SafetensorsArchive(decoding: input, source: "fuzz.safetensors")
    for entry in archive.tensors.values {
      precondition(entry.dtype == "F32" || entry.dtype == "F64")
    }
    // A decoded archive must encode (unless a tensor is named __metadata__, which the
    // decoder treats as metadata) and decode again to the same shapes and metadata.
    let again = try SafetensorsArchive(
      decoding: try archive.encoded(), source: "fuzz.safetensors (re-encoded)")
    precondition(again.metadata == archive.metadata)
    precondition(again.tensors.mapValues(\.shape) == archive.tensors.mapValues(\.shape))
  } catch is GateKitError {
  } catch {
    fatalError("SafetensorsArchive threw a non-GateKitError: \(error)")
  }
  return 0
}
