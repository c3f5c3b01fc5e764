import Foundation
import GateKitTestSupport
import Testing

@testable import GateKitCore

/// Runs `body` with the given kernel implementation on this thread only, so that tests
/// running in parallel (some compare bits between runs) keep the automatic selection.
private func with<T>(_ implementation: Kernels.Implementation, _ body: () throws -> T) rethrows -> T
{
  try Kernels.withImplementation(implementation, body)
}

/// The `Float` C kernels, tested through both implementations. Kernel settings are
/// process-wide, so this suite runs serially.
@Suite("Float kernels: portable and AVX2, threads, accuracy", .serialized)
struct FloatKernelTests {
  /// Both implementations where the CPU has AVX2, the portable one everywhere.
  static var implementations: [Kernels.Implementation] {
    Kernels.cpuSupportsAVX2 ? [.portable, .avx2] : [.portable]
  }

  /// Shapes that hit every path: direct (n ≤ 32) and packed A, edge tiles in both
  /// dimensions, several cache blocks along k (KC = 256) and m (MC = 120), and the
  /// single-column path (n = 1: blocks of four rows, leftover rows, partial vectors along k).
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (7, 13, 5), (6, 16, 8), (5, 33, 300), (129, 65, 33), (121, 47, 257), (2, 100, 1),
    (64, 1, 30), (7, 1, 16), (3, 1, 3), (13, 1, 301),
  ]

  @Test(arguments: implementations, [false, true])
  func matrixProductsMatchTheReference(implementation: Kernels.Implementation, transposeB: Bool)
    throws
  {
    try with(implementation) {
      #expect(Kernels.activeImplementation == implementation)
      var generator = SeededGenerator(seed: 21)
      for (m, n, k) in Self.shapes {
        for transposeA in [false, true] {
          let a = try Tensor<Float>.normal(shape: transposeA ? [k, m] : [m, k], using: &generator)
          let b = try Tensor<Float>.normal(shape: transposeB ? [n, k] : [k, n], using: &generator)
          let product = try matmul(a, b, transposingA: transposeA, transposingB: transposeB)
          let reference = try referenceMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
          // Tolerance: float32 sums of up to 300 products of N(0, 1) values, in another order
          // than the Double reference: ~√k·ε·|terms| ≈ 1e-5 · 17, with margin.
          #expect(
            maxDifference(product, reference) < 1e-3,
            "\(implementation) \(m)×\(n)×\(k) tA \(transposeA)")
          var accumulated = product
          try accumulated.addMatmul(a, b, transposingA: transposeA, transposingB: transposeB)
          #expect(maxDifference(accumulated, product * 2) < 1e-3)
        }
      }
    }
  }

  /// Splitting a product across threads keeps each element's summation order, so the bits
  /// are the same for any thread count.
  @Test(arguments: implementations)
  func threadedProductsAreBitIdentical(implementation: Kernels.Implementation) throws {
    try with(implementation) {
      let (savedThreads, savedThreshold) = (Kernels.threadCount, Kernels.parallelThreshold)
      defer { (Kernels.threadCount, Kernels.parallelThreshold) = (savedThreads, savedThreshold) }
      var generator = SeededGenerator(seed: 5)
      for (m, n, k) in [(200, 300, 70), (50, 20, 600), (7, 129, 40), (20, 33, 50), (90, 1, 30)] {
        let a = try Tensor<Float>.normal(shape: [m, k], using: &generator)
        let b = try Tensor<Float>.normal(shape: [n, k], using: &generator)
        Kernels.threadCount = 1
        let single = try matmul(a, b, transposingB: true)
        (Kernels.threadCount, Kernels.parallelThreshold) = (3, 0)
        let threaded = try matmul(a, b, transposingB: true)
        #expect(
          single.scalars.map(\.bitPattern) == threaded.scalars.map(\.bitPattern), "\(m)×\(n)×\(k)")
      }
    }
  }

  /// The vectorized exponential family against libm in Double, over a sweep that covers
  /// the polynomial ranges, the overflow and underflow edges and subnormal results.
  @Test(arguments: implementations)
  func exponentialFamilyIsAccurate(implementation: Kernels.Implementation) throws {
    with(implementation) {
      var points: [Float] = stride(from: -110.0, through: 95.0, by: 0.01).map { Float($0) }
      points += [0, -0.0, 1e-30, -1e-30, 0.4999, 0.5, 0.5001, 88.7, 88.73, -87.3, -103.9]
      let x = Tensor<Float>(points)
      let exp = x.applying(.exp).scalars
      let sigmoid = x.applying(.sigmoid).scalars
      let tanh = x.applying(.tanh).scalars
      var worst = (exp: 0.0, sigmoid: 0.0, tanh: 0.0)
      for (i, v) in points.enumerated() {
        let d = Double(v)
        let e = Foundation.exp(d)
        if e < Double(Float.greatestFiniteMagnitude) && e > Double(Float.leastNormalMagnitude) {
          worst.exp = max(worst.exp, Swift.abs(Double(exp[i]) - e) / e)
        } else if e >= Double(Float.greatestFiniteMagnitude) * 1.0001 {
          #expect(exp[i] == .infinity, "exp(\(v))")
        } else if e < Double(Float.leastNonzeroMagnitude) / 2 {
          #expect(exp[i] == 0, "exp(\(v))")
        }
        let s = 1 / (1 + Foundation.exp(-d))
        if s > Double(Float.leastNormalMagnitude) {
          worst.sigmoid = max(worst.sigmoid, Swift.abs(Double(sigmoid[i]) - s) / s)
        }
        let t = Foundation.tanh(d)
        if t != 0 { worst.tanh = max(worst.tanh, Swift.abs(Double(tanh[i]) - t) / Swift.abs(t)) }
      }
      // Bounds (Docs/Performance.md): float32 ε is 1.19e-7, so these are a few ulps.
      #expect(worst.exp < 3e-7, "exp: \(worst.exp)")
      #expect(worst.sigmoid < 4e-7, "sigmoid: \(worst.sigmoid)")
      #expect(worst.tanh < 4e-7, "tanh: \(worst.tanh)")
    }
  }

  @Test(arguments: implementations)
  func exponentialFamilyHandlesSpecialValues(implementation: Kernels.Implementation) throws {
    with(implementation) {
      let x = Tensor<Float>([.nan, .infinity, -.infinity])
      let exp = x.applying(.exp).scalars
      #expect(exp[0].isNaN && exp[1] == .infinity && exp[2] == 0)
      let sigmoid = x.applying(.sigmoid).scalars
      #expect(sigmoid[0].isNaN && sigmoid[1] == 1 && sigmoid[2] == 0)
      let tanh = x.applying(.tanh).scalars
      #expect(tanh[0].isNaN && tanh[1] == 1 && tanh[2] == -1)
      // Lengths that are not multiples of the vector width: every element is computed.
      for count in [1, 7, 8, 9, 17] {
        let values = Tensor<Float>((0..<count).map { Float($0) / 10 })
        let expected = values.scalars.map { Float(Foundation.exp(Double($0))) }
        #expect(
          zip(values.applying(.exp).scalars, expected).allSatisfy {
            Swift.abs($0 - $1) <= 2e-7 * $1
          })
      }
    }
  }

  /// The C (leaky) ReLU kernels give exactly what the portable Swift kernel gives, special
  /// values included, over lengths around the vector width.
  @Test func reluKernelsMatchThePortableKernel() throws {
    let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-40, -1e-40, 3, -3]
    for count in [0, 1, 3, 4, 5, 8, 9, 17] {
      let values = Tensor<Float>((0..<count).map { specials[$0 % specials.count] * Float($0 + 1) })
      let upstream = Tensor<Float>((0..<count).map { Float($0) - 4.5 })
      for function in [ElementwiseFunction.relu, .leakyReLU(slope: 0.01)] {
        var expected = [Float](repeating: 0, count: count)
        var expectedGradient = [Float](repeating: 0, count: count)
        values.withUnsafeBufferPointer { x in
          expected.withUnsafeMutableBufferPointer {
            Float.elementwise(function, .forward(x: x, y: $0))
          }
          upstream.withUnsafeBufferPointer { dy in
            expectedGradient.withUnsafeMutableBufferPointer {
              Float.elementwise(function, .backward(operand: x, upstream: dy, dx: $0))
            }
          }
        }
        let result = values.applying(function).scalars
        let gradient = try Tensor.gradient(
          through: function, operand: values, upstream: upstream, gate: "test"
        ).scalars
        #expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "\(function) \(count)")
        #expect(
          gradient.map(\.bitPattern) == expectedGradient.map(\.bitPattern), "\(function) \(count)")
      }
    }
  }
}
