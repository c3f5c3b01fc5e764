import Foundation

/// How much of the machine other processes used while something was timed, as the
/// reference scripts measure it: machine-wide busy CPU time from `/proc/stat` minus this
/// process's CPU time, per second of wall time (0: quiet; 1: another process held a core).
struct LoadMonitor {
  private let machineBusy: Double
  private let processTime: Double
  private let wall: ContinuousClock.Instant

  init() {
    (machineBusy, processTime) = (Self.machineBusySeconds(), Self.processSeconds())
    wall = ContinuousClock.now
  }

  /// The average number of CPUs other processes used since `init`, or `nil` where
  /// `/proc/stat` cannot be read.
  var otherLoad: Double? {
    let elapsed = (ContinuousClock.now - wall).seconds
    let busy = Self.machineBusySeconds() - machineBusy
    guard elapsed > 0, busy.isFinite else { return nil }
    return ((Swift.max(0, (busy - (Self.processSeconds() - processTime)) / elapsed)) * 1000)
      .rounded() / 1000
  }

  private static func machineBusySeconds() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
      let line = text.split(separator: "\n").first
    else { return .nan }
    let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard values.count >= 8 else { return .nan }
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    return (values.prefix(8).reduce(0, +) - values[3] - values[4]) / ticks
  }

  /// The CPU time of this process and of the children it has waited for (a benchmark's
  /// `gatekit predict`), which is not other processes' load.
  private static func processSeconds() -> Double {
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    var total = 0.0
    for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
      var usage = rusage()
      #if os(Linux)
        getrusage(__rusage_who_t(who.rawValue), &usage)
      #else
        getrusage(who, &usage)
      #endif
      total += seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
    return total
  }
}

/// The median, minimum and maximum of some measurements.
func medianSpread(_ values: [Double]) -> (median: Double, min: Double, max: Double) {
  let sorted = values.sorted()
  guard let first = sorted.first, let last = sorted.last else { return (.nan, .nan, .nan) }
  let middle = sorted.count / 2
  let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return (median, first, last)
}

/// A number rounded to `places` decimals, for JSON output.
func rounded(_ value: Double, _ places: Int = 1) -> Double {
  let scale = pow(10, Double(places))
  return (value * scale).rounded() / scale
}
