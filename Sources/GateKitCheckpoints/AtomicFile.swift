import Foundation
import GateKitCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that a reader — or a process killed at any moment — sees either the
/// old contents or the new ones, never a torn file: the bytes go to a temporary file in
/// the same directory, are flushed to disk (`fsync`), and the temporary file is renamed
/// over the target (atomic within one file system); the directory is then flushed so the
/// rename itself survives a power loss.
///
/// A process killed mid-write leaves its temporary file (`.NAME.tmp-PID-RANDOM`) behind;
/// the next write to the same target removes those whose process no longer exists.
enum AtomicFile {
  /// Writes `data` to `url` atomically.
  ///
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming
  ///   the file when it cannot be written; the previous file is then left untouched.
  static func write(_ data: Data, to url: URL) throws {
    let directory = url.deletingLastPathComponent().path
    let prefix = "." + url.lastPathComponent + ".tmp-"
    removeAbandonedFiles(in: directory, prefix: prefix)
    let temporary = directory + "/" + prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    func fail(_ what: String) -> GateKitError {
      .malformedData(
        source: url.path, location: "file", reason: "cannot be written: \(what) (errno \(errno))")
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw fail("cannot create \(temporary)") }
    var written = 0
    let ok = data.withUnsafeBytes { buffer -> Bool in
      guard let base = buffer.baseAddress else { return true }
      while written < buffer.count {
        let result = posixWrite(descriptor, base + written, buffer.count - written)
        if result < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += result
      }
      return true
    }
    guard ok, fsync(descriptor) == 0 else {
      close(descriptor)
      unlink(temporary)
      throw fail("writing \(temporary) failed")
    }
    close(descriptor)
    guard rename(temporary, url.path) == 0 else {
      unlink(temporary)
      throw fail("renaming \(temporary) failed")
    }
    let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }
}

extension AtomicFile {
  /// Removes the temporary files of writers that died mid-write: files named
  /// `PREFIX<pid>-…` whose process is gone. A live writer's file (or one whose pid cannot
  /// be read) is left alone.
  static func removeAbandonedFiles(in directory: String, prefix: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
        kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      unlink(directory + "/" + name)
    }
  }
}

/// POSIX `write`, named apart from Swift's `write` functions.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
