import Foundation
import GateKit
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file's permission bits (the link's own when `path` is a symbolic link).
private func mode(_ path: String) -> mode_t {
  var info = stat()
  guard lstat(path, &info) == 0 else { return 0 }
  return info.st_mode & 0o7777
}

/// Whether `path` is a symbolic link.
private func isSymbolicLink(_ path: String) -> Bool {
  var info = stat()
  return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
}

/// The process's file-creation mask, read without changing it (Linux), or `nil`.
private func currentUmask() -> mode_t? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
    let value = mode_t(
      line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
  else { return nil }
  return value
}

/// The one-line message of what `body` throws, or `"no error"`.
private func message(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}

/// The names in a directory, sorted.
private func names(in directory: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

private func contents(_ url: URL) throws -> String {
  String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

@Suite("Replacing files atomically")
struct AtomicFileTests {
  @Test(arguments: [0o600, 0o640, 0o755, 0o604] as [mode_t])
  func replacingAFileKeepsItsPermissionBits(bits: mode_t) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "m.safetensors")
    try Data("old".utf8).write(to: url)
    #expect(chmod(url.path, bits) == 0)
    try AtomicFile.write(Data("new".utf8), to: url)
    #expect(try contents(url) == "new")
    #expect(mode(url.path) == bits, "mode \(String(mode(url.path), radix: 8))")
    #expect(try names(in: directory) == ["m.safetensors"])
  }

  @Test func aNewFileGets0644MaskedByTheUmask() throws {
    let umask = try #require(currentUmask(), "no /proc/self/status")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "new.svg")
    try AtomicFile.write(Data("<svg/>".utf8), to: url)
    #expect(mode(url.path) == 0o644 & ~umask)
    #expect(try contents(url) == "<svg/>")
  }

  @Test(.enabled(if: getuid() == 0, "changing a file's owner needs root"))
  func replacingAFileKeepsItsOwnerAndGroup() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "m.safetensors")
    try Data("old".utf8).write(to: url)
    #expect(chown(url.path, 4242, 4343) == 0)
    #expect(chmod(url.path, 0o640) == 0)
    try AtomicFile.write(Data("new".utf8), to: url)
    var info = stat()
    #expect(stat(url.path, &info) == 0)
    #expect(info.st_uid == 4242 && info.st_gid == 4343, "owner \(info.st_uid):\(info.st_gid)")
    #expect(info.st_mode & 0o7777 == 0o640)
    #expect(try contents(url) == "new")
  }

  @Test(arguments: [0o444, 0o400, 0o044] as [mode_t])
  func aReadOnlyTargetIsRefusedAndLeftUntouched(bits: mode_t) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "m.safetensors")
    try Data("old".utf8).write(to: url)
    #expect(chmod(url.path, bits) == 0)
    let digits = String(bits, radix: 8)
    let octal = String(repeating: "0", count: 4 - digits.count) + digits
    let text = message { try AtomicFile.write(Data("new".utf8), to: url) }
    #expect(text == "\(url.path), file: is read-only (mode \(octal)); not replaced", "\(text)")
    #expect(try contents(url) == "old")
    #expect(mode(url.path) == bits)
    #expect(try names(in: directory) == ["m.safetensors"])
    // The same through a checkpoint save.
    let archive = SafetensorsArchive(tensors: ["a": .float32(Tensor<Float>(1))])
    #expect(message { try archive.write(to: url) }.contains("is read-only (mode \(octal))"))
    #expect(try contents(url) == "old")
  }

  @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let links = root.appending(path: "links")
    let store = root.appending(path: "store")
    for directory in [links, store] {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    }
    let target = store.appending(path: "real.safetensors")
    try Data("old".utf8).write(to: target)
    #expect(chmod(target.path, 0o600) == 0)
    let link = links.appending(path: "model.safetensors")
    // A relative link: resolved against the link's own directory.
    #expect(symlink("../store/real.safetensors", link.path) == 0)

    try AtomicFile.write(Data("new".utf8), to: link)
    #expect(isSymbolicLink(link.path))
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
        == "../store/real.safetensors")
    #expect(try contents(target) == "new")
    #expect(mode(target.path) == 0o600)
    #expect(try names(in: links) == ["model.safetensors"])
    #expect(try names(in: store) == ["real.safetensors"])

    // A checkpoint saved through the link loads back through it.
    let archive = SafetensorsArchive(tensors: ["a": .float32(Tensor<Float>([1, 2]))])
    try archive.write(to: link)
    #expect(try SafetensorsArchive(contentsOf: target) == archive)
    #expect(isSymbolicLink(link.path))
  }

  @Test func aLinkToAReadOnlyFileOrADirectoryIsRefusedNamingTheTarget() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let target = root.appending(path: "real.bin")
    try Data("old".utf8).write(to: target)
    #expect(chmod(target.path, 0o444) == 0)
    let link = root.appending(path: "link")
    #expect(symlink("real.bin", link.path) == 0)
    #expect(
      message { try AtomicFile.write(Data("new".utf8), to: link) }
        == "\(link.path), file: links to \(root.path)/real.bin, which is read-only (mode 0444); not replaced"
    )
    #expect(try contents(target) == "old" && isSymbolicLink(link.path))
    let toDirectory = root.appending(path: "to-directory")
    #expect(symlink(root.path, toDirectory.path) == 0)
    #expect(
      message { try AtomicFile.checkWritable(toDirectory) }
        == "\(toDirectory.path), file: links to \(root.path), which is a directory; not replaced")
    #expect(try names(in: root) == ["link", "real.bin", "to-directory"])
  }

  @Test func aChainOfSymbolicLinksIsFollowedToTheEnd() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let target = root.appending(path: "real.bin")
    try Data("old".utf8).write(to: target)
    #expect(chmod(target.path, 0o640) == 0)
    let second = root.appending(path: "second")
    let first = root.appending(path: "first")
    #expect(symlink(target.path, second.path) == 0)  // absolute
    #expect(symlink("second", first.path) == 0)  // relative
    try AtomicFile.write(Data("new".utf8), to: first)
    #expect(isSymbolicLink(first.path) && isSymbolicLink(second.path))
    #expect(try contents(target) == "new")
    #expect(mode(target.path) == 0o640)
    #expect(try names(in: root) == ["first", "real.bin", "second"])
  }

  @Test func aDanglingSymbolicLinkCreatesItsTarget() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let link = root.appending(path: "latest.safetensors")
    #expect(symlink("run-7.safetensors", link.path) == 0)
    try AtomicFile.write(Data("new".utf8), to: link)
    #expect(isSymbolicLink(link.path))
    #expect(try contents(root.appending(path: "run-7.safetensors")) == "new")
    #expect(try names(in: root) == ["latest.safetensors", "run-7.safetensors"])

    // A dangling link into a directory that does not exist: refused, nothing created.
    let lost = root.appending(path: "lost.safetensors")
    #expect(symlink(root.path + "/absent/x.safetensors", lost.path) == 0)
    let text = message { try AtomicFile.write(Data("new".utf8), to: lost) }
    #expect(text.hasPrefix(lost.path + ", file: "), "\(text)")
    #expect(text.contains(root.path + "/absent"), "\(text)")
    #expect(text.contains("No such file or directory (errno \(ENOENT))"), "\(text)")
    #expect(isSymbolicLink(lost.path))
  }

  @Test func aLoopOfSymbolicLinksIsAnError() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let a = root.appending(path: "a")
    #expect(symlink("b", a.path) == 0)
    #expect(symlink("a", root.appending(path: "b").path) == 0)
    let text = message { try AtomicFile.write(Data("new".utf8), to: a) }
    #expect(text.contains(systemMessage(ELOOP)), "\(text)")
    #expect(try names(in: root) == ["a", "b"])
  }

  @Test func errorsSayWhatFailedWithTheSystemsMessage() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let url = root.appending(path: "missing/m.safetensors")
    let text = message { try AtomicFile.write(Data("new".utf8), to: url) }
    #expect(text.hasPrefix(url.path + ", file: "), "\(text)")
    #expect(text.contains("No such file or directory (errno \(ENOENT))"), "\(text)")
  }

  @Test func aDirectoryOrASpecialFileIsNotReplaced() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let directory = root.appending(path: "out")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    let text = message { try AtomicFile.write(Data("new".utf8), to: directory) }
    #expect(text == "\(directory.path), file: is a directory; not replaced", "\(text)")
    #expect(try names(in: root) == ["out"])

    let fifo = root.appending(path: "pipe")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    let fifoText = message { try AtomicFile.write(Data("new".utf8), to: fifo) }
    #expect(
      fifoText == "\(fifo.path), file: is not a regular file (a FIFO); not replaced", "\(fifoText)")
    #expect(try names(in: root) == ["out", "pipe"])
  }

  @Test func checkWritableAcceptsWhatWriteWouldWriteAndWritesNothing() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let absent = root.appending(path: "plot.svg")
    try AtomicFile.checkWritable(absent)
    #expect(try names(in: root) == [])
    let existing = root.appending(path: "m.safetensors")
    try Data("old".utf8).write(to: existing)
    #expect(chmod(existing.path, 0o600) == 0)
    try AtomicFile.checkWritable(existing)
    #expect(try contents(existing) == "old")
    let link = root.appending(path: "link")
    #expect(symlink("m.safetensors", link.path) == 0)
    try AtomicFile.checkWritable(link)
    let dangling = root.appending(path: "dangling")
    #expect(symlink("new.svg", dangling.path) == 0)
    try AtomicFile.checkWritable(dangling)
    #expect(try names(in: root) == ["dangling", "link", "m.safetensors"])
  }

  @Test func checkWritableRefusesEachBadPathWithOneClearError() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appending(path: "notes.txt")
    try Data("notes".utf8).write(to: file)
    let readOnly = root.appending(path: "frozen.safetensors")
    try Data("old".utf8).write(to: readOnly)
    #expect(chmod(readOnly.path, 0o444) == 0)
    let missing = root.path + "/absent"
    let cases: [(String, String, String)] = [
      ("empty path", "", "write: the file path is empty"),
      ("a directory", root.path, "\(root.path), file: is a directory; not replaced"),
      (
        "a directory with a slash", root.path + "/",
        "\(root.path)/, file: is a directory; not replaced"
      ),
      (
        "a new name with a slash", root.path + "/new/",
        "\(root.path)/new/, file: cannot be written: the path ends in '/'"
      ),
      (
        "a missing directory", missing + "/plot.svg",
        "\(missing)/plot.svg, file: cannot be written: directory \(missing): \(systemMessage(ENOENT))"
      ),
      (
        "a file as the directory", file.path + "/plot.svg",
        "\(file.path)/plot.svg, file: cannot be written: \(file.path) is not a directory"
      ),
      (
        "a read-only target", readOnly.path,
        "\(readOnly.path), file: is read-only (mode 0444); not replaced"
      ),
    ]
    for (name, path, expected) in cases {
      #expect(message { try AtomicFile.checkWritable(path: path) } == expected, "\(name)")
      #expect(
        message { try AtomicFile.write(Data("new".utf8), toPath: path) } == expected, "\(name)")
      if !path.isEmpty && !path.hasSuffix("/") {
        let url = URL(fileURLWithPath: path)
        #expect(message { try AtomicFile.checkWritable(url) } == expected, "\(name)")
      }
    }
    #expect(try contents(readOnly) == "old")
  }

  @Test func checkWritableRefusesADirectoryWithoutWritePermission() throws {
    let root = try temporaryDirectory()
    defer {
      chmod(root.path, 0o755)
      try? FileManager.default.removeItem(at: root)
    }
    let locked = root.appending(path: "locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false)
    #expect(chmod(locked.path, 0o555) == 0)
    let url = locked.appending(path: "plot.svg")
    let text = message { try AtomicFile.checkWritable(url) }
    if access(locked.path, W_OK) == 0 {
      // Root writes anyway (the directory's mode bits do not bind it), and so does write.
      #expect(text == "no error")
    } else {
      #expect(
        text
          == "\(url.path), file: cannot be written: directory \(locked.path): \(systemMessage(EACCES))"
      )
      #expect(message { try AtomicFile.write(Data(), to: url) } == text)
    }
  }

  @Test func thePublicWriteReplacesAnyFile() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let url = root.appending(path: "plot.svg")
    try AtomicFile.write(Data("<svg>1</svg>".utf8), to: url)
    try AtomicFile.write(Data("<svg>2</svg>".utf8), to: url)
    try AtomicFile.write(Data(), to: root.appending(path: "empty"))
    #expect(try contents(url) == "<svg>2</svg>")
    #expect(try Data(contentsOf: root.appending(path: "empty")).isEmpty)
    #expect(try names(in: root) == ["empty", "plot.svg"])
  }
}
