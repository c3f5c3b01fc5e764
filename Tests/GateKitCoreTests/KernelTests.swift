import Foundation
import GateKitCore
import GateKitTestSupport
import Testing

/// Matrix shapes `(m, n, k)` that are awkward for tiled kernels: unit sizes, primes, and
/// sizes just past powers of two.
private let awkwardShapes: [(Int, Int, Int)] = [
  (1, 1, 1), (7, 13, 5), (2, 1, 9), (1, 17, 3), (33, 65, 17), (129, 65, 33),
]

@Suite("Kernels against reference implementations")
struct KernelTests {
  /// Every transpose combination on every awkward shape, against the triple loop.
  private func checkMatmul<Scalar: TensorScalar>(
    _ type: Scalar.Type, transposeA: Bool, transposeB: Bool, tolerance: Double
  ) throws {
    var generator = SeededGenerator(seed: 11)
    for (m, n, k) in awkwardShapes {
      let a = try Tensor<Scalar>.normal(shape: transposeA ? [k, m] : [m, k], using: &generator)
      let b = try Tensor<Scalar>.normal(shape: transposeB ? [n, k] : [k, n], using: &generator)
      let product = try matmul(a, b, transposingA: transposeA, transposingB: transposeB)
      let reference = try referenceMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
      #expect(maxDifference(product, reference) < tolerance, "\(Scalar.self) m \(m) n \(n) k \(k)")
    }
  }

  /// Tolerance: up to 65 products of N(0, 1) values summed in another order than the
  /// reference, in Double.
  @Test(arguments: [false, true], [false, true])
  func matmulMatchesTheTripleLoopInDouble(transposeA: Bool, transposeB: Bool) throws {
    try checkMatmul(Double.self, transposeA: transposeA, transposeB: transposeB, tolerance: 1e-12)
  }

  /// The C double-precision product on each kernel path (portable, and AVX2 + FMA where the
  /// CPU has it), on shapes with edge tiles (6 × 8) in both dimensions and several cache
  /// blocks along k (256) and m (96), against the triple loop. Tolerance: sums of up to 513
  /// products of N(0, 1) values in another order, ≈ √k·ε·|terms|, with margin.
  @Test(
    arguments: Kernels.cpuSupportsAVX2 ? [Kernels.Implementation.portable, .avx2] : [.portable])
  func doubleProductsMatchTheTripleLoopOnEveryPath(_ implementation: Kernels.Implementation)
    throws
  {
    var generator = SeededGenerator(seed: 12)
    let shapes = [(1, 1, 1), (6, 8, 3), (7, 9, 300), (97, 17, 513), (200, 65, 33), (3, 130, 2)]
    try Kernels.withImplementation(implementation) {
      for (m, n, k) in shapes {
        for (transposeA, transposeB) in [
          (false, false), (true, false), (false, true), (true, true),
        ] {
          let a = try Tensor<Double>.normal(
            shape: transposeA ? [k, m] : [m, k], using: &generator)
          let b = try Tensor<Double>.normal(
            shape: transposeB ? [n, k] : [k, n], using: &generator)
          let product = try matmul(a, b, transposingA: transposeA, transposingB: transposeB)
          let reference = try referenceMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
          #expect(
            maxDifference(product, reference) < 1e-11,
            "\(implementation) \(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB)")
          var accumulated = product
          try accumulated.addMatmul(a, b, transposingA: transposeA, transposingB: transposeB)
          #expect(maxDifference(accumulated, product * 2) < 1e-11)
        }
      }
    }
  }

  /// Tolerance: the same sums accumulated in float32 (ε ≈ 6e-8) against a Double reference.
  @Test(arguments: [false, true], [false, true])
  func matmulMatchesTheTripleLoopInFloat(transposeA: Bool, transposeB: Bool) throws {
    try checkMatmul(Float.self, transposeA: transposeA, transposeB: transposeB, tolerance: 1e-4)
  }

  @Test func addMatmulAccumulates() throws {
    let a = try Tensor<Double>(rows: [[1, 2], [3, 4]])
    let b = try Tensor<Double>(rows: [[5, 6], [7, 8]])
    var c = try Tensor<Double>(rows: [[1, 1], [1, 1]])
    try c.addMatmul(a, b)
    #expect(c == (try Tensor(rows: [[20, 23], [44, 51]])))
    try c.addMatmul(a, b, transposingA: true)  // aᵀb = [[26, 30], [38, 44]]
    #expect(c == (try Tensor(rows: [[46, 53], [82, 95]])))
    var wrong = try Tensor<Double>(zeros: [3, 2])
    #expect(throws: GateKitError.self) { try wrong.addMatmul(a, b) }
  }

  @Test func matmulRejectsMismatchedInnerDimensions() throws {
    let a = try Tensor<Double>(zeros: [2, 3])
    let b = try Tensor<Double>(zeros: [4, 5])
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "matmul", expected: "a right operand of shape [3, *] (left is [2, 3])",
        actual: [4, 5])
    ) {
      try matmul(a, b)
    }
    #expect(throws: GateKitError.self) { try matmul(a, Tensor<Double>([1, 2, 3])) }
  }

  @Test func matmulWithAnEmptySharedDimensionIsZero() throws {
    let a = try Tensor<Double>(zeros: [2, 0])
    let b = try Tensor<Double>(zeros: [0, 3])
    #expect(try matmul(a, b) == Tensor(zeros: [2, 3]))
  }

  /// Each function against its textbook formula at points on both sides of 0.
  static let functions: [ElementwiseFunction] = [
    .negate, .scale(-2.5), .reciprocal, .square, .exp, .log, .abs, .sigmoid, .tanh, .relu,
    .leakyReLU(slope: 0.1), .squareRoot, .softplus, .sine, .clamp(lower: -1, upper: 2),
    .huber(delta: 0.75),
  ]

  /// Functions defined only for positive inputs.
  static func positiveOnly(_ function: ElementwiseFunction) -> Bool {
    function == .log || function == .squareRoot
  }

  @Test(arguments: functions)
  func elementwiseFunctionsMatchTheirFormulas(function: ElementwiseFunction) {
    let points: [Double] = [-3, -0.5, 0.25, 1, 2.5]
    let x = Tensor(Self.positiveOnly(function) ? points.map(Swift.abs) : points)
    let expected = x.map { v in
      switch function {
      case .negate: -v
      case .scale(let c): c * v
      case .reciprocal: 1 / v
      case .square: v * v
      case .exp: Foundation.exp(v)
      case .log: Foundation.log(v)
      case .abs: Swift.abs(v)
      case .sigmoid: 1 / (1 + Foundation.exp(-v))
      case .tanh: Foundation.tanh(v)
      case .relu: Swift.max(0, v)
      case .leakyReLU(let a): v > 0 ? v : a * v
      case .squareRoot: v.squareRoot()
      case .softplus: Foundation.log(1 + Foundation.exp(v))
      case .sine: Foundation.sin(v)
      case .clamp(let l, let u): Swift.min(Swift.max(v, l), u)
      case .huber(let d): Swift.abs(v) <= d ? v * v / 2 : d * (Swift.abs(v) - d / 2)
      }
    }
    // Tolerance: the same libm calls in a different expression order, a few ulps of ~10.
    #expect(maxDifference(x.applying(function), expected) < 1e-14)
  }

  /// Each derivative against its textbook formula, times a non-trivial upstream gradient.
  @Test(arguments: functions)
  func elementwiseDerivativesMatchTheirFormulas(function: ElementwiseFunction) throws {
    let points: [Double] = [-3, -0.5, 0.25, 1, 2.5]
    let x = Tensor(Self.positiveOnly(function) ? points.map(Swift.abs) : points)
    let y = x.applying(function)
    let upstream: Tensor<Double> = [0.5, -1, 2, 3, -0.25]
    let local = x.map { v in
      switch function {
      case .negate: -1
      case .scale(let c): c
      case .reciprocal: -1 / (v * v)
      case .square: 2 * v
      case .exp: Foundation.exp(v)
      case .log: 1 / v
      case .abs: v > 0 ? 1 : -1
      case .sigmoid: (1 / (1 + Foundation.exp(-v))) * (1 - 1 / (1 + Foundation.exp(-v)))
      case .tanh: 1 - Foundation.tanh(v) * Foundation.tanh(v)
      case .relu: v > 0 ? 1 : 0
      case .leakyReLU(let a): v > 0 ? 1 : a
      case .squareRoot: 1 / (2 * v.squareRoot())
      case .softplus: 1 / (1 + Foundation.exp(-v))
      case .sine: Foundation.cos(v)
      case .clamp(let l, let u): v >= l && v <= u ? 1 : 0
      case .huber(let d): Swift.min(Swift.max(v, -d), d)
      }
    }
    let operand = function.derivativeOperand == .input ? x : y
    let dx = try Tensor.gradient(
      through: function, operand: operand, upstream: upstream, gate: "test")
    #expect(maxDifference(dx, try upstream * local) < 1e-13)
  }

  @Test func derivativesAtKinksFollowTheDocumentedRules() throws {
    let zero: Tensor<Double> = [0]
    let one: Tensor<Double> = [1]
    // ReLU′(0) = 0, LeakyReLU′(0) = slope, |x|′(0) = 0.
    #expect(try Tensor.gradient(through: .relu, operand: zero, upstream: one, gate: "t") == [0])
    #expect(
      try Tensor.gradient(through: .leakyReLU(slope: 0.01), operand: zero, upstream: one, gate: "t")
        == [0.01])
    #expect(try Tensor.gradient(through: .abs, operand: zero, upstream: one, gate: "t") == [0])
  }

  @Test func derivativeRejectsAnUpstreamOfAnotherShape() {
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Sigmoid", expected: "upstream gradient of shape [2]", actual: [3])
    ) {
      try Tensor<Double>.gradient(
        through: .sigmoid, operand: [0, 1], upstream: [1, 2, 3], gate: "Sigmoid")
    }
  }

  @Test func sigmoidSaturatesWithoutOverflow() {
    let x: Tensor<Float> = [-200, 200]
    #expect(x.applying(.sigmoid) == [0, 1])
  }
}
