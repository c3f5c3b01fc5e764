/// A floating-point type that tensors hold, together with the concrete kernels that run
/// every per-element loop for it.
///
/// Generic gate code never loops over elements itself: it calls one of these kernels once
/// per tensor. Each conforming type (`Float` and `Double`) supplies its own implementation,
/// so the loops are compiled for that type even when the gate that calls them is generic
/// and lives in another module. The kernels are the seam that performance work replaces.
///
/// The kernels take raw buffers and do not check sizes: ``Tensor`` validates shapes and
/// then calls them. Call them directly only with buffers of the sizes documented below.
public protocol TensorScalar: BinaryFloatingPoint, Codable, Sendable, LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
  /// This value converted to `Double` (exactly, for `Float` and `Double`).
  var doubleValue: Double { get }

  /// Matrix multiplication of row-major, contiguous matrices:
  /// `c = op(a) · op(b)`, or `c += op(a) · op(b)` when `accumulate` is true.
  ///
  /// `op(a)` is `m × k` and `op(b)` is `k × n`; `a` is stored `k × m` when `transposeA`,
  /// and `b` is stored `n × k` when `transposeB`. `c` holds `m × n` scalars.
  ///
  /// - Parameters:
  ///   - a: The left matrix, `m · k` scalars.
  ///   - transposeA: Whether `a` is stored transposed (`k × m`).
  ///   - b: The right matrix, `k · n` scalars.
  ///   - transposeB: Whether `b` is stored transposed (`n × k`).
  ///   - c: The result, `m · n` scalars; read only when `accumulate` is true.
  ///   - m: Rows of the result.
  ///   - n: Columns of the result.
  ///   - k: The shared dimension.
  ///   - accumulate: Whether to add the product to `c` instead of overwriting it.
  static func multiplyMatrices(
    _ a: UnsafePointer<Self>, transposeA: Bool,
    _ b: UnsafePointer<Self>, transposeB: Bool,
    into c: UnsafeMutablePointer<Self>,
    m: Int, n: Int, k: Int, accumulate: Bool)

  /// Applies an element-wise function: `y[i] = f(x[i])`. `x` and `y` have the same count
  /// and may be the same buffer.
  ///
  /// - Parameters:
  ///   - function: The function to apply.
  ///   - x: The operand.
  ///   - y: The result.
  static func apply(
    _ function: ElementwiseFunction, _ x: UnsafeBufferPointer<Self>,
    into y: UnsafeMutableBufferPointer<Self>)

  /// The backward pass of an element-wise function: `dx[i] = dy[i] · f′(x[i])`, where the
  /// local derivative is computed from the operand named by
  /// ``ElementwiseFunction/derivativeOperand`` (the function's input or its output).
  ///
  /// - Parameters:
  ///   - function: The function whose derivative to apply.
  ///   - operand: The cached input or output of the forward pass.
  ///   - upstream: The upstream gradient `dy`, same count as `operand`.
  ///   - result: The input gradient `dx`, same count; may alias `upstream`.
  static func applyDerivative(
    of function: ElementwiseFunction, operand: UnsafeBufferPointer<Self>,
    upstream: UnsafeBufferPointer<Self>, into result: UnsafeMutableBufferPointer<Self>)

  /// A broadcasting binary operation: `result[i] = lhs[i] ∘ rhs[i]` over `layout.shape`,
  /// reading each operand through its strides (0 along broadcast dimensions).
  ///
  /// - Parameters:
  ///   - operation: The operation `∘`.
  ///   - lhs: The left operand.
  ///   - rhs: The right operand.
  ///   - layout: How both operands map onto the contiguous result.
  ///   - result: The result, `layout.count` scalars.
  static func combine(
    _ operation: BinaryOperation, _ lhs: UnsafeBufferPointer<Self>,
    _ rhs: UnsafeBufferPointer<Self>, layout: BroadcastLayout,
    into result: UnsafeMutableBufferPointer<Self>)

  /// Sum reduction by strides: for every index of `shape`, adds the contiguous source
  /// element to `result` at the offset given by `resultStrides` (0 along the reduced
  /// dimensions). The kernel accumulates; the caller zeroes `result` if needed.
  ///
  /// - Parameters:
  ///   - source: The scalars to reduce, contiguous in `shape`.
  ///   - shape: The shape of `source`.
  ///   - resultStrides: The element strides of `result` along each dimension of `shape`.
  ///   - result: The accumulator.
  static func accumulateSum(
    _ source: UnsafeBufferPointer<Self>, shape: [Int], resultStrides: [Int],
    into result: UnsafeMutableBufferPointer<Self>)

  /// A strided copy (gather): for every index of `shape`, copies the source element at the
  /// offset given by `sourceStrides` into the contiguous result. Transposes, broadcasts
  /// and fills are all strided copies.
  ///
  /// - Parameters:
  ///   - source: The source scalars.
  ///   - sourceStrides: The element strides of `source` along each dimension of `shape`.
  ///   - shape: The shape of the result.
  ///   - result: The result, contiguous in `shape`.
  static func copy(
    _ source: UnsafeBufferPointer<Self>, sourceStrides: [Int], shape: [Int],
    into result: UnsafeMutableBufferPointer<Self>)

  /// Scaled accumulation (BLAS `axpy`): `y[i] += a · x[i]`. Optimizer steps and scaled
  /// gradient accumulation run through it.
  ///
  /// - Parameters:
  ///   - x: The addend, same count as `y`.
  ///   - factor: The scale `a`.
  ///   - y: The accumulator.
  static func addScaled(
    _ x: UnsafeBufferPointer<Self>, by factor: Self, into y: UnsafeMutableBufferPointer<Self>)

  /// Row-wise log-softmax of a row-major `rows × columns` matrix:
  /// `y[r, j] = x[r, j] − max_k x[r, k] − ln Σ_k e^(x[r, k] − max_k x[r, k])`, stable for
  /// any magnitude of `x` (the largest term of each sum is `e⁰ = 1`).
  ///
  /// - Parameters:
  ///   - x: The logits, `rows · columns` scalars.
  ///   - rows: The number of rows.
  ///   - columns: The number of columns, at least 1.
  ///   - y: The result, same count; may alias `x`.
  static func logSoftmax(
    _ x: UnsafeBufferPointer<Self>, rows: Int, columns: Int,
    into y: UnsafeMutableBufferPointer<Self>)

  /// Sets every element of `buffer` to `value`.
  ///
  /// - Parameters:
  ///   - buffer: The buffer to fill.
  ///   - value: The value.
  static func fill(_ buffer: UnsafeMutableBufferPointer<Self>, with value: Self)

  /// Softmax cross-entropy of logits against integer labels, fused: for each row `r`,
  /// `lossᵣ = log Σⱼ e^(z_rj) − z_r,yᵣ` (computed stably) and
  /// `gradient[r, j] = softmax(z_r)ⱼ − [j = yᵣ]`.
  ///
  /// - Parameters:
  ///   - logits: `rows · columns` scalars.
  ///   - labels: `rows` class indices stored as scalars.
  ///   - rows: The number of examples.
  ///   - columns: The number of classes, at least 1.
  ///   - gradient: `rows · columns` scalars for the unscaled gradient.
  /// - Returns: The sum of the rows' losses, or the row of the first label that is not an
  ///   integer in `0..<columns` (then nothing else is meaningful).
  static func softmaxCrossEntropy(
    logits: UnsafeBufferPointer<Self>, labels: UnsafeBufferPointer<Self>, rows: Int,
    columns: Int, gradient: UnsafeMutableBufferPointer<Self>
  ) -> (lossSum: Double, invalidLabelRow: Int?)

  /// Binary cross-entropy of logits, fused: `lossᵢ = max(zᵢ, 0) − zᵢtᵢ + log(1 + e^(−|zᵢ|))`
  /// and `gradient[i] = σ(zᵢ) − tᵢ`.
  ///
  /// - Parameters:
  ///   - logits: The logits `z`.
  ///   - targets: The targets `t`, same count.
  ///   - gradient: The unscaled gradient, same count.
  /// - Returns: The sum of the losses.
  static func binaryCrossEntropyWithLogits(
    logits: UnsafeBufferPointer<Self>, targets: UnsafeBufferPointer<Self>,
    gradient: UnsafeMutableBufferPointer<Self>
  ) -> Double
}
