import Foundation
import GateKit
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `CheckpointWriter` test executable, built next to the test bundle.
private func writerExecutable() -> URL? {
  var directory = Bundle.main.bundleURL
  for _ in 0..<4 {
    let candidate = directory.appending(path: "CheckpointWriter")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory.deleteLastPathComponent()
  }
  return nil
}

/// The version of the checkpoint at `url`, after checking that it is whole: it decodes
/// and every value equals its version.
private func wholeVersion(at url: URL) throws -> Int {
  let archive = try SafetensorsArchive(contentsOf: url)
  let version = try #require(archive.metadata["version"].flatMap { Int($0) })
  let values = try #require(archive.tensors["values"]).tensor(as: Float.self)
  #expect(values.scalars.allSatisfy { $0 == Float(version) }, "version \(version) is torn")
  return version
}

/// Whether a writer's temporary file for `model.safetensors` is in `directory`.
private func temporaryFileExists(in directory: URL) throws -> Bool {
  try FileManager.default.contentsOfDirectory(atPath: directory.path).contains {
    $0.hasPrefix(".model.safetensors.tmp-")
  }
}

@Suite("A save killed at any moment")
struct KilledSaveTests {
  /// A child process saves 4 MB checkpoints in a loop and is killed with SIGKILL 40
  /// times, half of them after a random delay (0.1 to 2 times the time a writer takes to
  /// complete its first save), half a random moment after a save has
  /// started writing its temporary file: the file always holds one whole version, never older than
  /// the last one seen, and the temporary files of the killed writers are cleaned up by
  /// the next save. (A killed writer's temporary file stays until then, so the count of
  /// kills that hit a save in progress is measured, and must not be zero.)
  @Test func thePreviousCheckpointAlwaysLoadsIntact() throws {
    let writer = try #require(writerExecutable(), "CheckpointWriter was not built")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appending(path: "model.safetensors")
    try SafetensorsArchive(
      tensors: ["values": .float32(Tensor(repeating: 0, shape: [1_000_000]))],
      metadata: ["version": "0"]
    ).write(to: url)

    // How long a writer takes from its start to its first completed save here (a
    // sanitizer or a loaded machine makes it several times longer): the random delays
    // are drawn on that scale.
    let started = Date()
    let first = Process()
    first.executableURL = writer
    first.arguments = [url.path, "1"]
    try first.run()
    while try wholeVersion(at: url) == 0, Date().timeIntervalSince(started) < 120 { usleep(5_000) }
    let cycle = Swift.max(Date().timeIntervalSince(started), 0.05)
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()

    var generator = SeededGenerator(seed: 42)
    var version = try wholeVersion(at: url)
    var (changed, midWrite) = (0, 0)
    for iteration in 0..<40 {
      let process = Process()
      process.executableURL = writer
      process.arguments = [url.path, String(version + 1)]
      try process.run()
      if iteration.isMultiple(of: 2) {
        usleep(UInt32.random(in: UInt32(cycle * 1e5)...UInt32(cycle * 2e6), using: &generator))
      } else {
        // Aim inside a write: wait for the temporary file to appear, then a little more.
        let deadline = Date().addingTimeInterval(5)
        while try !temporaryFileExists(in: directory), Date() < deadline { usleep(200) }
        usleep(UInt32.random(in: 0...5_000, using: &generator))
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      if try temporaryFileExists(in: directory) { midWrite += 1 }
      let seen = try wholeVersion(at: url)
      #expect(seen >= version)
      if seen > version { changed += 1 }
      version = seen
    }
    // Kills landed both between saves (the file changed) and in the middle of one (a
    // temporary file was left behind).
    print("killed saves: 40 kills, \(changed) after a completed save, \(midWrite) mid-write")
    #expect(changed > 0 && midWrite > 0, "\(changed) changed, \(midWrite) mid-write")

    try SafetensorsArchive(
      tensors: ["values": .float32(Tensor(repeating: -1, shape: [4]))], metadata: ["version": "-1"]
    ).write(to: url)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers == ["model.safetensors"])
  }
}
