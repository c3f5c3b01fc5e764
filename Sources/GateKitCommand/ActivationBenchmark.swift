import Foundation
import GateKit
import GateKitExamples

/// `gatekit bench activations`: nanoseconds per element of the `Float` element-wise
/// kernels the gates run (forward, and the backward pass of the activations), on an array
/// the size of a hidden layer's activations over a batch.
enum ActivationBenchmark {
  /// A timed kernel: an element-wise function, forward or backward.
  struct Kernel: Sendable {
    var name: String
    var function: ElementwiseFunction
    var isBackward: Bool

    /// Runs the kernel once over `x` (and `upstream`) into `y`.
    func run(
      _ x: UnsafeBufferPointer<Float>, _ upstream: UnsafeBufferPointer<Float>,
      _ y: UnsafeMutableBufferPointer<Float>
    ) {
      if isBackward {
        Float.applyDerivative(of: function, operand: x, upstream: upstream, into: y)
      } else {
        Float.apply(function, x, into: y)
      }
    }
  }

  /// exp, sigmoid, tanh, ReLU and leaky ReLU, forward then backward.
  static var kernels: [Kernel] {
    let functions: [(String, ElementwiseFunction)] = [
      ("exp", .exp), ("sigmoid", .sigmoid), ("tanh", .tanh), ("relu", .relu),
      ("leaky-relu", .leakyReLU(slope: 0.01)),
    ]
    return [false, true].flatMap { isBackward in
      functions.map {
        Kernel(
          name: isBackward ? $0.0 + ".backward" : $0.0, function: $0.1, isBackward: isBackward)
      }
    }
  }

  static func run(_ arguments: inout Arguments) throws -> Int32 {
    let json = arguments.flag("--json")
    // Three arrays of `count` floats: at most 3 × 256 MiB.
    let count = try arguments.integer("--count", in: 1...(1 << 26)) ?? 32_768
    let repeats = try arguments.integer("--repeats", in: Limits.repeats) ?? 5
    let minimumTime = try arguments.minimumTime() ?? 0.2
    try arguments.finish()
    var generator = SeededGenerator(seed: 0)
    // Inputs in [-6, 6]: both branches of tanh, saturation of sigmoid, both signs of ReLU.
    let x = (0..<count).map { _ in Float.random(in: -6...6, using: &generator) }
    let upstream = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    var y = [Float](repeating: 0, count: count)
    for kernel in kernels {
      let result = x.withUnsafeBufferPointer { x in
        upstream.withUnsafeBufferPointer { upstream in
          y.withUnsafeMutableBufferPointer { y in
            secondsPerCall(repeats: repeats, minimumTime: minimumTime) {
              kernel.run(x, upstream, y)
            }
          }
        }
      }
      let perElement = (result.median / Double(count) * 1e9, result.min / Double(count) * 1e9)
      if json {
        let line: [(String, JSONValue)] = [
          ("impl", .string("gatekit")), ("kernel", .string(kernel.name)),
          ("count", .number(Double(count))),
          ("ns_per_element", .number(rounded(perElement.0, 3))),
          ("ns_per_element_min", .number(rounded(perElement.1, 3))),
          ("kernels", .string("\(Kernels.activeImplementation)")),
          ("other_load", result.otherLoad.map(JSONValue.number) ?? .string("n/a")),
        ]
        try Console.standardOutput.line(JSONValue.object(line).text)
      } else {
        try Console.standardOutput.line(
          "gatekit \(kernel.name.padding(toLength: 20, withPad: " ", startingAt: 0)) "
            + String(format: "%6.3f ns/element (best %.3f)", perElement.0, perElement.1))
      }
    }
    return 0
  }
}
