import Dispatch
import GateKitKernels

// `Float` runs the C kernels of GateKitKernels for the matrix product and the
// exponential family (AVX2 + FMA where the CPU has them, portable C otherwise), and the
// portable Swift kernels, specialized for `Float`, for the memory-bound rest.

extension Float: TensorScalar {
  /// This value as a `Double` (exact).
  public var doubleValue: Double { Double(self) }

  /// Runs the C matrix-product kernel, split across threads when the product is large
  /// (see ``Kernels/threadCount`` and ``Kernels/parallelThreshold``).
  public static func multiplyMatrices(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool
  ) {
    let product = MatrixProduct(
      a: a, transposeA: transposeA, b: b, transposeB: transposeB, c: c, m: m, n: n, k: k,
      accumulate: accumulate)
    let threads = Kernels.threadCount
    let flops = 2 * m * n * k
    guard threads > 1, flops >= Kernels.parallelThreshold else {
      product.run(rows: 0..<m, columns: 0..<n)
      return
    }
    // Split C into column blocks (whole register tiles of 16) or, for narrow products,
    // row blocks; each element keeps its summation order, so the bits do not depend on
    // the number of threads.
    let byColumns = n >= 32 * threads || n >= m
    let length = byColumns ? n : m
    let unit = byColumns ? 16 : 6
    let parts = Swift.max(1, Swift.min(threads, length / unit))
    let step = (length + parts - 1) / parts
    let blockSize = (step + unit - 1) / unit * unit
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let start = Swift.min(part * blockSize, length)
      let end = Swift.min(start + blockSize, length)
      guard start < end else { return }
      if byColumns {
        product.run(rows: 0..<m, columns: start..<end)
      } else {
        product.run(rows: start..<end, columns: 0..<n)
      }
    }
  }

  /// Runs the C kernels for `exp`, `sigmoid` and `tanh`, the portable Swift kernel for the
  /// other functions.
  public static func apply(
    _ function: ElementwiseFunction, _ x: UnsafeBufferPointer<Float>,
    into y: UnsafeMutableBufferPointer<Float>
  ) {
    guard let input = x.baseAddress, let output = y.baseAddress else { return }
    switch function {
    case .exp: gk_sexp(input, output, x.count)
    case .sigmoid: gk_ssigmoid(input, output, x.count)
    case .tanh: gk_stanh(input, output, x.count)
    default: portableApply(function, x, into: y)
    }
  }

  /// Runs the portable element-wise derivative kernel for `Float`.
  public static func applyDerivative(
    of function: ElementwiseFunction, operand: UnsafeBufferPointer<Float>,
    upstream: UnsafeBufferPointer<Float>, into result: UnsafeMutableBufferPointer<Float>
  ) {
    portableApplyDerivative(of: function, operand: operand, upstream: upstream, into: result)
  }

  /// Runs the portable broadcasting kernel for `Float`.
  public static func combine(
    _ operation: BinaryOperation, _ lhs: UnsafeBufferPointer<Float>,
    _ rhs: UnsafeBufferPointer<Float>, layout: BroadcastLayout,
    into result: UnsafeMutableBufferPointer<Float>
  ) {
    portableCombine(operation, lhs, rhs, layout: layout, into: result)
  }

  /// Runs the portable strided-sum kernel for `Float`.
  public static func accumulateSum(
    _ source: UnsafeBufferPointer<Float>, shape: [Int], resultStrides: [Int],
    into result: UnsafeMutableBufferPointer<Float>
  ) {
    portableAccumulateSum(source, shape: shape, resultStrides: resultStrides, into: result)
  }

  /// Runs the portable strided-copy kernel for `Float`.
  public static func copy(
    _ source: UnsafeBufferPointer<Float>, sourceStrides: [Int], shape: [Int],
    into result: UnsafeMutableBufferPointer<Float>
  ) {
    portableCopy(source, sourceStrides: sourceStrides, shape: shape, into: result)
  }

  /// Runs the portable scaled-accumulation kernel for `Float`.
  public static func addScaled(
    _ x: UnsafeBufferPointer<Float>, by factor: Float, into y: UnsafeMutableBufferPointer<Float>
  ) {
    portableAddScaled(x, by: factor, into: y)
  }

  /// Runs the portable fused softmax cross-entropy kernel for `Float`.
  public static func softmaxCrossEntropy(
    logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
    gradient: UnsafeMutableBufferPointer<Float>
  ) -> (lossSum: Double, invalidLabelRow: Int?) {
    portableSoftmaxCrossEntropy(
      logits: logits, labels: labels, rows: rows, columns: columns, gradient: gradient)
  }

  /// Runs the portable fused binary cross-entropy kernel for `Float`.
  public static func binaryCrossEntropyWithLogits(
    logits: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
    gradient: UnsafeMutableBufferPointer<Float>
  ) -> Double {
    portableBinaryCrossEntropyWithLogits(logits: logits, targets: targets, gradient: gradient)
  }

  /// Runs the portable fill kernel for `Float`.
  public static func fill(_ buffer: UnsafeMutableBufferPointer<Float>, with value: Float) {
    portableFill(buffer, with: value)
  }

  /// Runs the portable row-wise log-softmax kernel for `Float`.
  public static func logSoftmax(
    _ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
    into y: UnsafeMutableBufferPointer<Float>
  ) {
    portableLogSoftmax(x, rows: rows, columns: columns, into: y)
  }
}

/// One matrix product's operands, shared by the threads that compute blocks of it.
///
/// `@unchecked Sendable` is safe: the pointers are valid for the whole synchronous
/// `concurrentPerform` call that uses them, the inputs are only read, and every thread
/// writes a disjoint block of C.
private struct MatrixProduct: @unchecked Sendable {
  let a: UnsafePointer<Float>
  let transposeA: Bool
  let b: UnsafePointer<Float>
  let transposeB: Bool
  let c: UnsafeMutablePointer<Float>
  let m: Int
  let n: Int
  let k: Int
  let accumulate: Bool

  /// Computes C's block `rows × columns`.
  func run(rows: Range<Int>, columns: Range<Int>) {
    // Row i of op(A) starts at a + i·k (stored m × k) or a + i (stored k × m); column j of
    // op(B) at b + j (stored k × n) or b + j·k (stored n × k).
    let blockA = a + rows.lowerBound * (transposeA ? 1 : k)
    let blockB = b + columns.lowerBound * (transposeB ? k : 1)
    gk_sgemm(
      transposeA ? 1 : 0, transposeB ? 1 : 0, rows.count, columns.count, k,
      blockA, transposeA ? m : k, blockB, transposeB ? k : n,
      c + rows.lowerBound * n + columns.lowerBound, n, accumulate ? 1 : 0)
  }
}
