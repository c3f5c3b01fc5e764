import Dispatch
import GateKit

/// SiLU written with tensor operations, as Docs/AddingAGate.md shows it.
struct SiLU<Scalar: TensorScalar>: Layer {
  private var cache: (x: Tensor<Scalar>, s: Tensor<Scalar>)?

  var description: String { "SiLU" }

  mutating func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let s = x.applying(.sigmoid)
    cache = (x, s)
    return try x * s
  }

  mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let (x, s) = try cached(cache)
    try validateUpstream(upstream, outputShape: x.shape)
    return try upstream * s * (1 + x * (1 - s))
  }
}

/// The median over `rounds` of the seconds one forward and one backward pass take.
func median(rounds: Int, _ pass: () throws -> Void) rethrows -> Double {
  var times: [Double] = []
  for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<20 { try pass() }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 20e9)
  }
  return times.sorted()[rounds / 2]
}

Kernels.threadCount = 1
var generator = SeededGenerator(seed: 0)
for count in [4_096, 262_144, 4_194_304] {
  let x = try Tensor<Float>.normal(shape: [count / 64, 64], using: &generator)
  let dy = try Tensor<Float>.normal(shape: x.shape, using: &generator)
  var sigmoid = Sigmoid<Float>()
  var silu = SiLU<Float>()
  // Interleaved rounds: built-in, composed, built-in, composed, …
  var builtIn: [Double] = []
  var composed: [Double] = []
  for _ in 0..<5 {
    builtIn.append(
      try median(rounds: 5) {
        _ = try sigmoid(x)
        _ = try sigmoid.backward(dy)
      })
    composed.append(
      try median(rounds: 5) {
        _ = try silu(x)
        _ = try silu.backward(dy)
      })
  }
  let (b, c) = (builtIn.sorted()[2], composed.sorted()[2])
  print(
    "\(count) elements: built-in Sigmoid \(Int(b * 1e6)) µs, composed SiLU \(Int(c * 1e6)) µs,"
      + " ratio \((c / b * 10).rounded() / 10)×")
}
