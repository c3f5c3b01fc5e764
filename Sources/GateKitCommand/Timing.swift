/// Times `call`: `repeats` timings, each of as many calls as fill `minimumTime` seconds
/// (after three warm-up calls). Returns the median, minimum and maximum seconds per call
/// and the load other processes put on the machine meanwhile.
func secondsPerCall(
  repeats: Int, minimumTime: Double, _ call: () -> Void
) -> (median: Double, min: Double, max: Double, otherLoad: Double?) {
  for _ in 0..<3 { call() }
  let monitor = LoadMonitor()
  var times: [Double] = []
  for _ in 0..<max(1, repeats) {
    let start = ContinuousClock.now
    var calls = 0
    var elapsed = 0.0
    repeat {
      call()
      calls += 1
      elapsed = (ContinuousClock.now - start).seconds
    } while elapsed < minimumTime
    times.append(elapsed / Double(calls))
  }
  let spread = medianSpread(times)
  return (spread.median, spread.min, spread.max, monitor.otherLoad)
}
