import Foundation
import GateKitCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program started with `posix_spawn`, its standard output read through a pipe, and
/// reaped with `wait4`, so that its exit status and its own peak memory are known (a
/// `Foundation.Process` reaps its child itself and keeps the resource usage).
struct ChildProcess {
  /// What a finished child left behind.
  struct Outcome {
    /// The exit status, or `nil` when a signal ended the child.
    var status: Int32?
    /// The child's peak resident memory, in bytes.
    var peakResidentBytes: Int
  }

  private let identifier: pid_t
  /// The read end of the pipe holding the child's standard output.
  private let output: Int32

  /// Starts `executable` with `arguments`; its standard error goes to `/dev/null`.
  ///
  /// - Throws: ``BenchmarkError/childFailed(_:_:)`` when the pipe or the child cannot be made.
  init(_ executable: String, _ arguments: [String]) throws {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
      throw BenchmarkError.childFailed(executable, "no pipe: \(systemMessage(errno))")
    }
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
    #else
      var actions: posix_spawn_file_actions_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    posix_spawn_file_actions_addclose(&actions, ends[1])
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var identifier = pid_t()
    let result = posix_spawn(&identifier, executable, &actions, nil, argv, environ)
    close(ends[1])
    guard result == 0 else {
      close(ends[0])
      throw BenchmarkError.childFailed(executable, systemMessage(result))
    }
    self.identifier = identifier
    self.output = ends[0]
  }

  /// Reads the child's standard output to its end, calling `chunk` with each piece.
  func readOutput(_ chunk: (UnsafeRawBufferPointer) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      buffer.withUnsafeBytes { chunk(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
  }

  /// Waits for the child to end and closes the pipe.
  func wait() -> Outcome {
    close(output)
    var status: Int32 = 0
    var usage = rusage()
    while wait4(identifier, &status, 0, &usage) < 0, errno == EINTR {}
    #if os(Linux)
      let peak = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
    #else
      let peak = Int(usage.ru_maxrss)  // bytes on Apple platforms
    #endif
    // WIFEXITED and WEXITSTATUS, which Swift does not import.
    let exited = status & 0x7F == 0
    return Outcome(status: exited ? (status >> 8) & 0xFF : nil, peakResidentBytes: peak)
  }
}

/// A benchmark that cannot run.
enum BenchmarkError: Error, CustomStringConvertible {
  /// A child process could not be started or failed.
  case childFailed(String, String)

  var description: String {
    switch self {
    case .childFailed(let program, let reason): "bench: \(program): \(reason)"
    }
  }
}
