import GateKitCore
import GateKitData

/// libFuzzer's entry point: parses the input as CSV text. A thrown `GateKitError` is an
/// expected outcome; a crash, trap or sanitizer report is a finding.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their number.
/// - Returns: 0 (keep the input in the corpus if it is interesting).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let table = try CSVTable(parsing: text, source: "fuzz.csv")
    precondition(table.rows.allSatisfy { $0.count == table.header.count })
  } catch is GateKitError {
  } catch {
    fatalError("CSVTable threw a non-GateKitError: \(error)")
  }
  return 0
}
