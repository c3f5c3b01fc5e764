import Foundation
import GateKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The memory a run will need, estimated before anything large is allocated, against the
/// memory the process can have: a run that cannot fit is refused in one line rather than
/// ending in an allocation failure after minutes (or swapping on with no output).
enum MemoryBudget {
  /// The bytes a perceptron of `layerSizes` needs to train on batches of `batch` rows: each
  /// parameter with its gradient and `optimizerSlots` values of optimizer state, and four
  /// floats per unit and row (the layer's output, the activation's, and their gradients).
  static func trainingBytes(layerSizes: [Int], batch: Int, optimizerSlots: Int) -> Double {
    let parameters = zip(layerSizes, layerSizes.dropFirst()).reduce(0.0) {
      $0 + Double($1.0 + 1) * Double($1.1)
    }
    let units = layerSizes.reduce(0.0) { $0 + Double($1) }
    let floats = parameters * Double(2 + optimizerSlots) + 4 * Double(batch) * units
    return floats * Double(MemoryLayout<Float>.size)
  }

  /// The bytes this process can still allocate: the least of the memory the system reports
  /// available (`MemAvailable` on Linux, the physical memory elsewhere), the cgroup's limit
  /// less its usage, and the address-space limit (`ulimit -v`) less the current size.
  static var availableBytes: Double {
    var limits: [Double] = []
    #if os(Linux)
      if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
        let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
      {
        limits.append(kilobytes * 1024)
      }
      if let maximum = number(inFile: "/sys/fs/cgroup/memory.max"),
        let current = number(inFile: "/sys/fs/cgroup/memory.current")
      {
        limits.append(maximum - current)
      }
    #else
      limits.append(Double(ProcessInfo.processInfo.physicalMemory))
    #endif
    #if os(Linux)
      let (resource, unlimited) = (Int32(RLIMIT_AS.rawValue), rlim_t.max)  // RLIM_INFINITY
    #else
      let (resource, unlimited) = (RLIMIT_AS, RLIM_INFINITY)
    #endif
    var limit = rlimit()
    if getrlimit(resource, &limit) == 0, limit.rlim_cur != unlimited {
      limits.append(Double(limit.rlim_cur) - virtualSize)
    }
    return Swift.max(0, limits.min() ?? .infinity)
  }

  /// Throws when `bytes` (what `what` needs) exceed ``availableBytes``.
  ///
  /// - Throws: `GateKitError.invalidArgument` naming the estimate and the memory available.
  static func require(_ bytes: Double, for what: String, operation: String) throws {
    let available = availableBytes
    guard bytes > available else { return }
    throw GateKitError.invalidArgument(
      operation: operation,
      reason:
        "\(what) needs about \(format(bytes)) of memory; \(format(available)) is available")
  }

  /// `6.4 GB`, `512 MB`.
  static func format(_ bytes: Double) -> String {
    switch bytes {
    case 1e12...: String(format: "%.3g TB", bytes / 1e12)
    case 1e9...: String(format: "%.2g GB", bytes / 1e9)
    default: String(format: "%.0f MB", bytes / 1e6)
    }
  }

  /// The process's virtual size in bytes (Linux), 0 elsewhere.
  private static var virtualSize: Double {
    #if os(Linux)
      guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = statm.split(separator: " ").first.flatMap({ Double($0) })
      else { return 0 }
      return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    #else
      return 0
    #endif
  }

  /// The number a one-line file holds (`max` in a cgroup file means no limit).
  private static func number(inFile path: String) -> Double? {
    (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
      Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }
}
