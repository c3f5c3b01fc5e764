import GateKitCore

/// A random orthogonal matrix times a gain (Saxe, McClelland and Ganguli, 2014).
///
/// The shape is read as `rows × columns` with `rows` the product of all dimensions but the
/// last. A standard normal matrix is factored as `QR` (Householder reflections); the
/// columns of `Q` are multiplied by the signs of `R`'s diagonal, which makes `Q` uniformly
/// distributed over the orthogonal matrices. When `rows ≥ columns` the columns of the
/// result are orthonormal (`WᵀW = gain²·I`), otherwise its rows are (`WWᵀ = gain²·I`).
///
/// ```swift
/// let w: Tensor<Double> = try Orthogonal().makeTensor(shape: [64, 32], using: &generator)
/// ```
public struct Orthogonal: Initializer {
  /// The factor applied to the orthogonal matrix.
  public var gain: Double

  /// An orthogonal initializer.
  ///
  /// - Parameter gain: The factor applied to the orthogonal matrix.
  public init(gain: Double = 1) {
    self.gain = gain
  }

  /// Samples an orthogonal tensor.
  ///
  /// - Parameters:
  ///   - shape: The shape, of rank 2 or more.
  ///   - generator: The source of randomness.
  /// - Returns: The samples.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a rank below 2,
  ///   an empty shape or a non-finite gain.
  public func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar> {
    let count = try Tensor<Scalar>.scalarCount(of: shape, operation: description)
    guard shape.count >= 2, count > 0, gain.isFinite else {
      throw GateKitError.invalidArgument(
        operation: description,
        reason: "needs a non-empty shape of rank ≥ 2 and a finite gain, got \(shape)")
    }
    let columns = shape[shape.count - 1]
    let rows = count / columns
    let (tall, short) = (Swift.max(rows, columns), Swift.min(rows, columns))
    let normal = try Tensor<Double>.normal(shape: [tall, short], using: &generator)
    var q = orthonormalColumns(of: normal.scalars, rows: tall, columns: short)
    for i in q.indices { q[i] *= gain }
    var matrix = try Tensor<Double>(shape: [tall, short], scalars: q)
    if rows < columns { matrix = try matrix.transposed() }
    return try Tensor<Scalar>(matrix).reshaped(to: shape)
  }

  /// `orthogonal(gain)`.
  public var description: String { "orthogonal(\(gain))" }
}

extension Initializer where Self == Orthogonal {
  /// A random orthogonal matrix times `gain`.
  ///
  /// - Parameter gain: The factor applied to the orthogonal matrix.
  /// - Returns: The initializer.
  public static func orthogonal(gain: Double = 1) -> Orthogonal { Orthogonal(gain: gain) }
}

/// The `m × n` factor `Q` (with `m ≥ n`) of the QR decomposition of `a`, with each column
/// multiplied by the sign of the matching diagonal element of `R`.
private func orthonormalColumns(of a: [Double], rows m: Int, columns n: Int) -> [Double] {
  var a = a
  var reflectors: [[Double]] = []
  var signs: [Double] = []
  for j in 0..<n {
    // The Householder vector v that maps column j below the diagonal onto αe₁.
    var v = (j..<m).map { a[$0 * n + j] }
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let alpha = v[0] < 0 ? norm : -norm
    v[0] -= alpha
    let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if vNorm > 0 { v = v.map { $0 / vNorm } }
    reflect(&a, by: v, from: j, columns: j..<n, width: n)
    reflectors.append(v)
    signs.append(alpha < 0 ? -1 : 1)
  }
  // Q = H₀H₁…Hₙ₋₁ applied to the first n columns of the identity.
  var q = [Double](repeating: 0, count: m * n)
  for j in 0..<n { q[j * n + j] = 1 }
  for j in stride(from: n - 1, through: 0, by: -1) {
    reflect(&q, by: reflectors[j], from: j, columns: 0..<n, width: n)
  }
  for i in 0..<m {
    for j in 0..<n { q[i * n + j] *= signs[j] }
  }
  return q
}

/// Applies `H = I − 2vvᵀ` to rows `start…` of the given columns of a row-major matrix.
private func reflect(
  _ matrix: inout [Double], by v: [Double], from start: Int, columns: Range<Int>, width: Int
) {
  for column in columns {
    var dot = 0.0
    for (k, vk) in v.enumerated() { dot += vk * matrix[(start + k) * width + column] }
    for (k, vk) in v.enumerated() { matrix[(start + k) * width + column] -= 2 * vk * dot }
  }
}
