import GateKitKernels

// `Double` runs the C matrix product (AVX2 + FMA where the CPU has it, on the calling thread)
// and the portable Swift kernels, specialized for it here, for the rest. It is the type of
// gradient checks, which run thousands of forward passes. `Float` is in FloatKernels.swift.

extension Double: TensorScalar {
  /// This value itself.
  public var doubleValue: Double { self }

  /// Runs the C double-precision matrix product on the calling thread.
  public static func multiplyMatrices(
    _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
    into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, accumulate: Bool
  ) {
    gk_dgemm(
      transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, transposeA ? m : k, b, transposeB ? k : n,
      c, n, accumulate ? 1 : 0)
  }

  /// Runs the portable broadcasting kernel for `Double`.
  public static func combine(
    _ operation: BinaryOperation, _ lhs: UnsafeBufferPointer<Double>,
    _ rhs: UnsafeBufferPointer<Double>, layout: BroadcastLayout,
    into result: UnsafeMutableBufferPointer<Double>
  ) {
    portableCombine(operation, lhs, rhs, layout: layout, into: result)
  }

  /// Runs the portable strided-sum kernel for `Double`.
  public static func accumulateSum(
    _ source: UnsafeBufferPointer<Double>, shape: [Int], resultStrides: [Int],
    into result: UnsafeMutableBufferPointer<Double>
  ) {
    portableAccumulateSum(source, shape: shape, resultStrides: resultStrides, into: result)
  }

  /// Runs the portable strided-copy kernel for `Double`.
  public static func copy(
    _ source: UnsafeBufferPointer<Double>, sourceStrides: [Int], shape: [Int],
    into result: UnsafeMutableBufferPointer<Double>
  ) {
    portableCopy(source, sourceStrides: sourceStrides, shape: shape, into: result)
  }

  /// Runs the portable scaled-accumulation kernel for `Double`.
  public static func addScaled(
    _ x: UnsafeBufferPointer<Double>, by factor: Double, into y: UnsafeMutableBufferPointer<Double>
  ) {
    portableAddScaled(x, by: factor, into: y)
  }

  /// Runs the portable fused softmax cross-entropy kernel for `Double`.
  public static func softmaxCrossEntropy(
    logits: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Double>, rows: Int,
    columns: Int,
    gradient: UnsafeMutableBufferPointer<Double>
  ) -> (lossSum: Double, invalidLabelRow: Int?) {
    portableSoftmaxCrossEntropy(
      logits: logits, labels: labels, rows: rows, columns: columns, gradient: gradient)
  }

  /// Runs the portable fused binary cross-entropy kernel for `Double`.
  public static func binaryCrossEntropyWithLogits(
    logits: UnsafeBufferPointer<Double>, targets: UnsafeBufferPointer<Double>,
    gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    portableBinaryCrossEntropyWithLogits(logits: logits, targets: targets, gradient: gradient)
  }

  /// Runs the portable fill kernel for `Double`.
  public static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, with value: Double) {
    portableFill(buffer, with: value)
  }

  /// Runs the portable row-wise log-softmax kernel for `Double`.
  public static func logSoftmax(
    _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int,
    into y: UnsafeMutableBufferPointer<Double>
  ) {
    portableLogSoftmax(x, rows: rows, columns: columns, into: y)
  }
}
