import Foundation
import GateKitCore
import Synchronization

/// A standard stream, written through a buffer with every write checked: a failure (a
/// closed stream, a full disk) throws an error naming the stream and the system's reason,
/// so that a command never exits 0 with its output lost. A broken pipe ends the process by
/// `SIGPIPE`, quietly, as other Unix tools end (`gatekit predict … | head`).
final class Console: Sendable {
  /// Standard output: buffered (64 KiB), flushed when full, before anything goes to
  /// standard error, and when the command ends.
  static let standardOutput = Console(descriptor: STDOUT_FILENO, name: "standard output")
  /// Standard error: written at once.
  static let standardError = Console(descriptor: STDERR_FILENO, name: "standard error")

  private let descriptor: Int32
  private let name: String
  private let pending = Mutex<[UInt8]>([])
  private static var capacity: Int { 1 << 16 }

  /// Keeps the numbers of closed standard streams taken, so that no file the command opens
  /// later becomes its standard output (and takes its progress lines): each closed one is
  /// opened on `/dev/null` in the direction it is not used in, so that writing to it (or
  /// reading from standard input) still fails as on a closed stream. Call it first.
  static func holdClosedStreams() {
    for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
    where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
      let placeholder = open("/dev/null", descriptor == STDIN_FILENO ? O_WRONLY : O_RDONLY)
      if placeholder >= 0, placeholder != descriptor {
        dup2(placeholder, descriptor)
        close(placeholder)
      }
    }
  }

  private init(descriptor: Int32, name: String) {
    self.descriptor = descriptor
    self.name = name
  }

  /// Writes `text` and a newline.
  ///
  /// - Throws: ``ConsoleError`` when the stream cannot take it.
  func line(_ text: String) throws { try write(text + "\n") }

  /// Writes `text` (standard error at once, standard output when its buffer fills).
  ///
  /// - Throws: ``ConsoleError`` when the stream cannot take it.
  func write(_ text: String) throws {
    if descriptor == STDERR_FILENO { try Console.standardOutput.flush() }
    let full = pending.withLock { buffer in
      buffer.append(contentsOf: text.utf8)
      return buffer.count >= Self.capacity
    }
    if full || descriptor == STDERR_FILENO { try flush() }
  }

  /// Writes out what is buffered.
  ///
  /// - Throws: ``ConsoleError`` when the stream cannot take it (what was buffered is
  ///   dropped: it cannot be written).
  func flush() throws {
    let bytes = pending.withLock { buffer in
      defer { buffer.removeAll(keepingCapacity: true) }
      return buffer
    }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress, $0.count)
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw ConsoleError(stream: name, code: errno)
      }
      written += result
    }
  }
}

/// A write to a standard stream that failed: reported in one line on standard error (when
/// it can take it), exit status 2.
struct ConsoleError: Error, CustomStringConvertible {
  /// `standard output` or `standard error`.
  var stream: String
  /// The system's error number.
  var code: Int32

  var description: String { "cannot write to \(stream): \(systemMessage(code))" }
}
