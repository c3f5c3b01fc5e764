import Foundation
import GateKitCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A regular file open for reading, read with POSIX calls so that every failure is a
/// ``GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the file and
/// saying what is wrong: missing, not permitted (with the system's message), or not a
/// regular file at all (a directory, a named pipe, a device or a socket, which a loader
/// would otherwise block on or misreport).
///
/// A symbolic link is followed to its target.
package final class ReadableFile {
  /// The path as given, for errors.
  package let path: String
  /// The file's size when it was opened, in bytes.
  package let size: Int
  private let descriptor: Int32

  /// Opens a regular file.
  ///
  /// - Parameter path: The file's path.
  /// - Throws: `malformedData(source: path, location: "file", reason: …)`.
  package init(path: String) throws {
    self.path = path
    guard !path.isEmpty else { throw Self.failure(path, "cannot be read: the path is empty") }
    // Look at the file before opening it: opening a named pipe would wait for a writer.
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw Self.failure(path, "cannot be read: \(systemMessage(errno))")
    }
    if let kind = Self.kind(of: status.st_mode) {
      throw Self.failure(path, "cannot be read: it is \(kind), not a regular file")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      throw Self.failure(path, "cannot be read: \(systemMessage(errno))")
    }
    // The path may have been replaced between the two calls: check what was opened.
    guard fstat(descriptor, &status) == 0, Self.kind(of: status.st_mode) == nil else {
      close(descriptor)
      throw Self.failure(path, "cannot be read: it is no longer a regular file")
    }
    self.descriptor = descriptor
    self.size = Int(status.st_size)
  }

  deinit { close(descriptor) }

  /// Reads up to `buffer.count` bytes.
  ///
  /// - Parameter buffer: Where the bytes go.
  /// - Returns: The number of bytes read; 0 at the end of the file.
  /// - Throws: `malformedData` with the system's message for a failed read.
  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
    while true {
      let count = systemRead(descriptor, base, buffer.count)
      if count >= 0 { return count }
      guard errno == EINTR else {
        throw Self.failure(path, "cannot be read: \(systemMessage(errno))")
      }
    }
  }

  /// Reads the rest of the file.
  ///
  /// - Returns: Its bytes.
  /// - Throws: `malformedData` with the system's message for a failed read.
  package func readToEnd() throws -> [UInt8] {
    // One byte more than the size seen at opening, so that a file that has not grown is
    // read without growing the buffer and its end is seen at once.
    var bytes = [UInt8](repeating: 0, count: Swift.max(size, 0) + 1)
    var count = 0
    while true {
      if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
      let received = try bytes.withUnsafeMutableBytes { buffer in
        try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
      }
      if received == 0 { break }
      count += received
    }
    bytes.removeLast(bytes.count - count)
    return bytes
  }

  /// What a file of this mode is, when it is not a regular file.
  private static func kind(of mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: "a directory"
    case S_IFIFO: "a named pipe (FIFO)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: "a special file"
    }
  }

  private static func failure(_ path: String, _ reason: String) -> GateKitError {
    .malformedData(source: path, location: "file", reason: reason)
  }
}

/// The bytes of a file, or the error every GateKit reader throws for a file it cannot
/// read: ``GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the
/// file (see ``ReadableFile``).
///
/// - Parameter url: The file.
/// - Returns: Its contents.
/// - Throws: `malformedData(source: path, location: "file", reason: "cannot be read: …")`.
package func fileContents(of url: URL) throws -> Data {
  Data(try ReadableFile(path: url.path).readToEnd())
}

/// The C library's `read`, under a name the methods called `read` do not hide.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int
{
  #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
  #else
    Darwin.read(descriptor, buffer, count)
  #endif
}
