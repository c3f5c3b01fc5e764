import Foundation
import GateKitKernels

// `Float` runs the C kernels of GateKitKernels for the matrix product and the
// exponential family (AVX2 + FMA where the CPU has them, portable C otherwise), and the
// portable Swift kernels, specialized for `Float`, for the memory-bound rest.

extension Float: TensorScalar {
  /// This value as a `Double` (exact).
  public var doubleValue: Double { Double(self) }

  /// Runs the C matrix-product kernel, which splits large products across its threads
  /// (see ``Kernels/threadCount`` and ``Kernels/parallelThreshold``).
  public static func multiplyMatrices(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool
  ) {
    gk_sgemm(
      transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, transposeA ? m : k, b, transposeB ? k : n,
      c, n, accumulate ? 1 : 0)
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

  /// Runs the C `saxpy` kernel.
  public static func addScaled(
    _ x: UnsafeBufferPointer<Float>, by factor: Float, into y: UnsafeMutableBufferPointer<Float>
  ) {
    guard let source = x.baseAddress, let target = y.baseAddress else { return }
    gk_saxpy(x.count, factor, source, target)
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

  /// Fills with `memset` for zero, the portable kernel otherwise.
  public static func fill(_ buffer: UnsafeMutableBufferPointer<Float>, with value: Float) {
    guard value.bitPattern == 0, let start = buffer.baseAddress else {
      portableFill(buffer, with: value)
      return
    }
    _ = memset(start, 0, buffer.count * MemoryLayout<Float>.stride)
  }

  /// Runs the portable row-wise log-softmax kernel for `Float`.
  public static func logSoftmax(
    _ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
    into y: UnsafeMutableBufferPointer<Float>
  ) {
    portableLogSoftmax(x, rows: rows, columns: columns, into: y)
  }
}
