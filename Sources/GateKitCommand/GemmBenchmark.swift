import Foundation
import GateKit
import GateKitExamples

/// `gatekit bench gemm`: float32 matrix-product GFLOP/s for the shapes of the reference
/// script `gemm_reference.py` (squares 64…1024 and every dense forward and backward
/// product of the benchmark configurations, with their transposes).
enum GemmBenchmark {
  struct Shape {
    var name: String
    var m: Int
    var k: Int
    var n: Int
    var transposeA: Bool
    var transposeB: Bool
  }

  /// The shapes, named as in the reference script.
  static var shapes: [Shape] {
    var shapes = [64, 128, 256, 512, 1024].map {
      Shape(name: "sq\($0)", m: $0, k: $0, n: $0, transposeA: false, transposeB: false)
    }
    for configuration in ModelBenchmark.configurations {
      let (sizes, batch) = (configuration.sizes, configuration.batch)
      for (layer, (input, output)) in zip(sizes, sizes.dropFirst()).enumerated() {
        let prefix = "\(configuration.name).L\(layer + 1)"
        shapes.append(
          Shape(
            name: "\(prefix).fwd", m: batch, k: input, n: output, transposeA: false,
            transposeB: false))
        shapes.append(
          Shape(
            name: "\(prefix).dW", m: input, k: batch, n: output, transposeA: true, transposeB: false
          ))
        if layer > 0 {
          shapes.append(
            Shape(
              name: "\(prefix).dX", m: batch, k: output, n: input, transposeA: false,
              transposeB: true))
        }
      }
    }
    return shapes
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    let threadCounts =
      try arguments.integers("--threads", in: Limits.threads, maximumCount: 16) ?? [1, 2]
    let selection = try arguments.list("--shapes", expected: "list of shape names") ?? ["all"]
    let repeats = try arguments.integer("--repeats", in: Limits.repeats) ?? 5
    let minimumTime = try arguments.minimumTime() ?? 0.2
    try arguments.finish()
    let all = shapes
    let chosen: [Shape] =
      switch selection {
      case ["all"]: all
      case ["squares"]: all.filter { $0.name.hasPrefix("sq") }
      case ["mlp"]: all.filter { !$0.name.hasPrefix("sq") }
      default:
        try selection.map { name in
          guard let shape = all.first(where: { $0.name == name }) else {
            throw CommandLineError.invalidValue(
              option: "--shapes", value: String(name), expected: "shape name")
          }
          return shape
        }
      }
    let saved = Kernels.threadCount
    defer { Kernels.threadCount = saved }
    for threads in threadCounts {
      Kernels.threadCount = threads
      for shape in chosen {
        let result = try measure(shape, repeats: repeats, minimumTime: minimumTime)
        let line: [(String, JSONValue)] = [
          ("lib", .string("gatekit")), ("threads", .number(Double(threads))),
          ("shape", .string(shape.name)),
          ("m", .number(Double(shape.m))), ("k", .number(Double(shape.k))),
          ("n", .number(Double(shape.n))),
          ("trans_a", .bool(shape.transposeA)), ("trans_b", .bool(shape.transposeB)),
          ("gflops", .number(rounded(result.median, 2))),
          ("gflops_min", .number(rounded(result.min, 2))),
          ("gflops_max", .number(rounded(result.max, 2))),
          ("kernels", .string("\(Kernels.activeImplementation)")),
          ("other_load", result.otherLoad.map(JSONValue.number) ?? .string("n/a")),
        ]
        if json {
          try Console.standardOutput.line(JSONValue.object(line).text)
        } else {
          try Console.standardOutput.line(
            "gatekit \(threads)t \(shape.name.padding(toLength: 20, withPad: " ", startingAt: 0)) "
              + String(format: "%7.2f GFLOP/s [%.2f..%.2f]", result.median, result.min, result.max))
        }
      }
    }
    return 0
  }

  static func measure(
    _ shape: Shape, repeats: Int, minimumTime: Double
  ) throws -> (median: Double, min: Double, max: Double, otherLoad: Double?) {
    var generator = SeededGenerator(seed: 0)
    let a = try Tensor<Float>.normal(
      shape: shape.transposeA ? [shape.k, shape.m] : [shape.m, shape.k], using: &generator)
    let b = try Tensor<Float>.normal(
      shape: shape.transposeB ? [shape.n, shape.k] : [shape.k, shape.n], using: &generator)
    var c = try Tensor<Float>(zeros: [shape.m, shape.n])
    let flops = 2 * Double(shape.m * shape.n * shape.k)
    func call() {
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          c.withUnsafeMutableBufferPointer { c in
            guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else {
              return
            }
            Float.multiplyMatrices(
              pa, transposeA: shape.transposeA, pb, transposeB: shape.transposeB, into: pc,
              m: shape.m,
              n: shape.n, k: shape.k, accumulate: false)
          }
        }
      }
    }
    let seconds = secondsPerCall(repeats: repeats, minimumTime: minimumTime, call)
    // The fastest call gives the highest rate.
    return (
      flops / seconds.median / 1e9, flops / seconds.max / 1e9, flops / seconds.min / 1e9,
      seconds.otherLoad
    )
  }
}
