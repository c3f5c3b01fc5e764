import Foundation
import GateKitCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that a reader — or a process killed at any moment — sees either the
/// old contents or the new ones, never a torn file: the bytes go to a temporary file in
/// the target's directory, are flushed to disk (`fsync`), and the temporary file is
/// renamed over the target (atomic within one file system); the directory is then
/// flushed so the rename itself survives a power loss. Checkpoints are written this way,
/// and so can any other file (a chart, a report):
///
/// ```swift
/// try AtomicFile.checkWritable(path: plotPath)  // at parse time, before any work
/// // …
/// try AtomicFile.write(Data(svg.utf8), toPath: plotPath)
/// ```
///
/// Replacing a file keeps what operators expect of it:
///
/// - **Permissions and owner.** The new file gets the replaced file's permission bits
///   (a `0600` checkpoint stays `0600`) and, where the process may set them, its owner
///   and group (root keeps both; another user keeps the group if it belongs to it). A new
///   file gets mode `0644` masked by the umask, as `open(path, …, 0o644)` gives. The
///   set-user-ID, set-group-ID and sticky bits, extended attributes and ACLs are not
///   carried over, and a hard link to the old file keeps the old contents.
/// - **Read-only files.** A target without its owner-write bit (mode `0444`, `0400`) is
///   refused and left untouched — decided by the mode bits, not by `access(2)`, so that
///   root, who may write anything, still does not replace a file marked read-only.
///   Directories, FIFOs, devices and sockets are refused too.
/// - **Symbolic links.** A target that is a symbolic link (or a chain of them, relative
///   or absolute) is written through: the link is followed to its final target, the
///   temporary file is made next to that target, and the rename replaces the target, so
///   the link stays a link to the new contents. A dangling link whose target's directory
///   exists creates the target. A loop of links is an error.
///
/// A process killed mid-write leaves its temporary file (`.NAME.tmp-PID-RANDOM`) behind;
/// the next write to the same target removes those whose process no longer exists.
///
/// Every failure is one ``/GateKitCore/GateKitError`` naming the path as given and what
/// failed, with the system's message (`No space left on device (errno 28)`); the
/// previous file is then left untouched.
public enum AtomicFile {
  /// Writes `data` to the file at `url` atomically.
  ///
  /// - Parameters:
  ///   - data: The new contents.
  ///   - url: A file URL.
  /// - Throws: As ``write(_:toPath:)``.
  public static func write(_ data: Data, to url: URL) throws {
    try write(data, toPath: url.path)
  }

  /// Writes `data` to the file at `path` atomically, replacing the file if it exists (or
  /// the final target of the symbolic link at `path`).
  ///
  /// ```swift
  /// try AtomicFile.write(Data(chart.svg.utf8), toPath: "loss.svg")
  /// ```
  ///
  /// - Parameters:
  ///   - data: The new contents.
  ///   - path: The file's path, absolute or relative to the current directory.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an
  ///   empty path;
  ///   ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming `path`
  ///   for a target that ``checkWritable(path:)`` refuses, and for a failure while
  ///   writing (creating, writing, flushing or renaming the temporary file). The
  ///   previous file is then left untouched.
  public static func write(_ data: Data, toPath path: String) throws {
    try Target(resolving: path).replace(with: data)
  }

  /// Checks, without writing anything, that ``write(_:to:)`` can write `url`.
  ///
  /// - Parameter url: A file URL.
  /// - Throws: As ``checkWritable(path:)``.
  public static func checkWritable(_ url: URL) throws {
    try checkWritable(path: url.path)
  }

  /// Checks, without writing anything, that ``write(_:toPath:)`` can write `path`, so
  /// that a command line can refuse a bad output path when it parses its arguments
  /// rather than after hours of training. Symbolic links are followed as
  /// ``write(_:toPath:)`` follows them.
  ///
  /// ```swift
  /// try AtomicFile.checkWritable(path: "/nonexistent/dir/plot.svg")
  /// // /nonexistent/dir/plot.svg, file: cannot be written: directory /nonexistent/dir:
  /// //   No such file or directory (errno 2)
  /// ```
  ///
  /// - Parameter path: The file's path, absolute or relative to the current directory.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for an
  ///   empty path, and
  ///   ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming `path`
  ///   for a path ending in `/`, an existing directory or other non-regular file, a
  ///   read-only file (no owner-write bit), a loop of symbolic links, and a directory
  ///   that does not exist, is not a directory or is not writable by this process.
  public static func checkWritable(path: String) throws {
    _ = try Target(resolving: path)
  }
}

/// A path to write, checked and resolved through its symbolic links.
private struct Target {
  /// The path as given, for messages.
  let given: String
  /// The path to replace: `given`, or the final target of the link at `given`.
  let path: String
  /// The directory of `path`.
  let directory: String
  /// The replaced file's status, or `nil` for a new file.
  let existing: stat?

  /// Resolves `given` and checks that it can be written.
  init(resolving given: String) throws {
    guard !given.isEmpty else {
      throw GateKitError.invalidArgument(operation: "write", reason: "the file path is empty")
    }
    self.given = given
    func fail(_ reason: String) -> GateKitError {
      .malformedData(source: shown(given), location: "file", reason: reason)
    }
    var info = stat()
    if given.hasSuffix("/") {
      if stat(given, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        throw fail("is a directory; not replaced")
      }
      throw fail("cannot be written: the path ends in '/'")
    }
    // Follow the chain of links to a file that is not one, or to nothing.
    var current = given
    var exists = false
    var links = 0
    while true {
      guard lstat(current, &info) == 0 else {
        let code = errno
        guard code == ENOENT || code == ENOTDIR else {
          throw fail("cannot be written: \(shown(current)): \(systemMessage(code))")
        }
        break  // a new file (whether its directory is usable is checked below)
      }
      guard info.st_mode & S_IFMT == S_IFLNK else {
        exists = true
        break
      }
      links += 1
      guard links <= 40 else {
        throw fail("cannot be written: \(shown(given)): \(systemMessage(ELOOP))")
      }
      let destination = try readLink(current) { code in
        fail("cannot be written: reading the link \(shown(current)): \(systemMessage(code))")
      }
      current =
        destination.hasPrefix("/") ? destination : directoryPart(of: current) + "/" + destination
    }
    let subject = current == given ? "is" : "links to \(shown(current)), which is"
    if exists {
      switch info.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw fail("\(subject) a directory; not replaced")
      case let type: throw fail("\(subject) not a regular file (\(describe(type))); not replaced")
      }
      guard info.st_mode & S_IWUSR != 0 else {
        throw fail("\(subject) read-only (mode \(octal(info.st_mode & 0o7777))); not replaced")
      }
    }
    let directory = directoryPart(of: current)
    var directoryInfo = stat()
    guard stat(directory, &directoryInfo) == 0 else {
      let code = errno
      throw fail("cannot be written: directory \(shown(directory)): \(systemMessage(code))")
    }
    guard directoryInfo.st_mode & S_IFMT == S_IFDIR else {
      throw fail("cannot be written: \(shown(directory)) is not a directory")
    }
    guard access(directory, W_OK | X_OK) == 0 else {
      let code = errno
      throw fail("cannot be written: directory \(shown(directory)): \(systemMessage(code))")
    }
    self.path = current
    self.directory = directory
    self.existing = exists ? info : nil
  }

  /// Replaces the file with `data`: a temporary file with the old file's permissions
  /// and owner, flushed to disk, renamed over `path`.
  func replace(with data: Data) throws {
    func fail(_ what: String, _ code: Int32) -> GateKitError {
      .malformedData(
        source: shown(given), location: "file",
        reason: "cannot be written: \(what): \(systemMessage(code))")
    }
    let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    let prefix = "." + name + ".tmp-"
    AtomicFile.removeAbandonedFiles(in: directory, prefix: prefix)
    let temporary =
      directory + "/" + prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let code = errno
      throw fail("cannot create \(shown(temporary))", code)
    }
    var isOpen = true
    defer {
      if isOpen { close(descriptor) }
    }
    do {
      if let existing {
        try keepOwnerAndMode(of: existing, on: descriptor) { fail("\($0) \(shown(temporary))", $1) }
      }
      var written = 0
      try data.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        while written < buffer.count {
          let result = posixWrite(descriptor, base + written, buffer.count - written)
          if result < 0 {
            let code = errno
            if code == EINTR { continue }
            throw fail("writing \(shown(temporary))", code)
          }
          written += result
        }
      }
      guard fsync(descriptor) == 0 else {
        let code = errno
        throw fail("flushing \(shown(temporary)) to disk", code)
      }
      isOpen = false
      guard close(descriptor) == 0 else {
        let code = errno
        throw fail("closing \(shown(temporary))", code)
      }
      guard rename(temporary, path) == 0 else {
        let code = errno
        throw fail("renaming \(shown(temporary)) to \(shown(path))", code)
      }
    } catch {
      unlink(temporary)
      throw error
    }
    let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }
}

/// Gives the open temporary file the replaced file's owner and group (where permitted:
/// `EPERM` only keeps what can be kept) and then its permission bits (after the owner,
/// because changing the owner may clear mode bits).
private func keepOwnerAndMode(
  of existing: stat, on descriptor: Int32, fail: (String, Int32) -> GateKitError
) throws {
  var created = stat()
  guard fstat(descriptor, &created) == 0 else {
    let code = errno
    throw fail("reading the status of", code)
  }
  if created.st_uid != existing.st_uid || created.st_gid != existing.st_gid {
    if fchown(descriptor, existing.st_uid, existing.st_gid) != 0 {
      let code = errno
      guard code == EPERM else { throw fail("setting the owner of", code) }
      // Not permitted to give the file away: keep at least the group, if a member of it.
      _ = fchown(descriptor, uid_t.max, existing.st_gid)
    }
  }
  guard fchmod(descriptor, existing.st_mode & 0o777) == 0 else {
    let code = errno
    throw fail("setting the permissions of", code)
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

/// The target of the symbolic link at `path`, read whole.
private func readLink(_ path: String, fail: (Int32) -> GateKitError) throws -> String {
  var capacity = 1024
  while true {
    var buffer = [CChar](repeating: 0, count: capacity)
    let count = readlink(path, &buffer, capacity)
    guard count >= 0 else {
      let code = errno
      throw fail(code)
    }
    if count < capacity {
      return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    capacity *= 4
  }
}

/// The directory part of a path: `.` for a bare name, `/` for a name in the root.
private func directoryPart(of path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  let directory = path[..<slash]
  return directory.isEmpty ? "/" : String(directory)
}

/// A path as messages show it: printable, and bounded.
private func shown(_ path: String) -> String {
  quotable(path, limit: 1024)
}

/// Mode bits as four octal digits: `0444`.
private func octal(_ mode: mode_t) -> String {
  let digits = String(mode, radix: 8)
  return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
}

/// What kind of file a non-regular `st_mode` type is, for messages.
private func describe(_ type: mode_t) -> String {
  switch type {
  case S_IFIFO: "a FIFO"
  case S_IFCHR: "a character device"
  case S_IFBLK: "a block device"
  case S_IFSOCK: "a socket"
  default: "file type \(octal(type >> 12))"
  }
}

/// POSIX `write`, named apart from Swift's `write` functions.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
