import Foundation

/// Writes one line to standard output unbuffered, throwing when the write fails (a closed
/// stream, a full disk), so that a command never exits 0 with its output lost.
///
/// - Parameter line: The text, without the newline.
/// - Throws: ``OutputError/standardOutput(_:)`` with the system's reason.
func writeLine(_ line: String) throws {
  let bytes = Array((line + "\n").utf8)
  var written = 0
  while written < bytes.count {
    let result = bytes[written...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    if result < 0 {
      if errno == EINTR { continue }
      throw OutputError.standardOutput(String(cString: strerror(errno)))
    }
    written += result
  }
}

/// A write that failed: reported in one line on standard error, exit status 2.
enum OutputError: Error, CustomStringConvertible {
  case standardOutput(String)

  var description: String {
    switch self {
    case .standardOutput(let reason): "cannot write to standard output: \(reason)"
    }
  }
}
