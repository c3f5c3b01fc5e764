import Foundation
import GateKit
import GateKitExamples

/// `gatekit bench gradcheck`: the seconds a full and a fast Double gradient check of a
/// 64-128-10 MLP (9,610 parameters, batch 32, tanh or ReLU) take on one thread: the figure
/// behind the checker's speed target (under 2 s for a full check).
enum GradcheckBenchmark {
  /// The hidden activations benchmarked.
  static let activations = ["tanh", "relu"]

  /// Dense(64 → 128) → activation → Dense(128 → 10), seeded.
  static func model(_ activation: String) throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: 1)
    let hidden: any Layer<Double> = activation == "relu" ? ReLU() : Tanh()
    return Sequential([
      try Dense(64, 128, using: &generator), hidden, try Dense(128, 10, using: &generator),
    ])
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    let repeats = try arguments.integer("--repeats", in: 1...100) ?? 3
    let models = try arguments.selection("--models", from: activations)
    let modes = try arguments.selection("--modes", from: ["full", "fast"])
    try arguments.finish()
    Kernels.threadCount = 1
    var generator = SeededGenerator(seed: 2)
    let x = try Tensor<Double>.normal(shape: [32, 64], using: &generator)
    var allPassed = true
    for activation in models {
      let model = try model(activation)
      for modeName in modes {
        let mode: GradientChecker.Mode = modeName == "fast" ? .fast : .full
        let monitor = LoadMonitor()
        var times: [Double] = []
        var report: GradientCheckReport?
        for _ in 0..<repeats {
          let start = ContinuousClock.now
          report = try GradientChecker(mode: mode).check(model, inputs: [x])
          times.append((ContinuousClock.now - start).seconds)
        }
        guard let report else { continue }
        allPassed = allPassed && report.passed
        let spread = medianSpread(times)
        let elements = report.entries.reduce(0) { $0 + $1.elements.count }
        if json {
          let line: [(String, JSONValue)] = [
            ("impl", .string("gatekit")), ("bench", .string("gradcheck")),
            ("model", .string("mlp-64-128-10-\(activation)")), ("mode", .string(modeName)),
            ("batch", .number(32)), ("parameters", .number(Double(model.parameterCount))),
            ("elements_checked", .number(Double(elements))),
            ("seconds", .number(rounded(spread.median, 4))),
            ("seconds_min", .number(rounded(spread.min, 4))),
            ("seconds_max", .number(rounded(spread.max, 4))), ("repeats", .number(Double(repeats))),
            ("status", .string(report.status.rawValue)), ("threads", .number(1)),
            ("other_load", monitor.otherLoad.map(JSONValue.number) ?? .string("n/a")),
          ]
          try Console.standardOutput.line(JSONValue.object(line).text)
        } else {
          try Console.standardOutput.line(
            "gatekit gradcheck mlp-64-128-10-\(activation) \(modeName.padding(toLength: 4, withPad: " ", startingAt: 0)) "
              + String(
                format: "%7.3f s (best %.3f, %d elements checked) %@", spread.median, spread.min,
                elements, report.status.rawValue))
        }
      }
    }
    return allPassed ? 0 : 1
  }
}
