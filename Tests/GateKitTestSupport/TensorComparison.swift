import GateKitCore

/// The largest absolute difference between two tensors' scalars, or infinity when their
/// shapes differ (so that `#expect(maxDifference(a, b) < tolerance)` also checks shapes).
///
/// - Parameters:
///   - a: A tensor.
///   - b: Another tensor.
/// - Returns: `max |aᵢ − bᵢ|`, in `Double`.
public func maxDifference<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Double
{
  guard a.shape == b.shape else { return .infinity }
  return zip(a.scalars, b.scalars).reduce(0.0) { worst, pair in
    let difference = Swift.abs(pair.0.doubleValue - pair.1.doubleValue)
    return difference.isNaN ? .nan : Swift.max(worst, difference)
  }
}

/// `op(a) · op(b)` by the textbook triple loop in `Double`: the reference the kernels are
/// tested against.
///
/// - Parameters:
///   - a: The left matrix.
///   - b: The right matrix.
///   - transposeA: Whether to use `aᵀ`.
///   - transposeB: Whether to use `bᵀ`.
/// - Returns: The product, converted back to the scalar type.
/// - Throws: Never for matrices whose shapes multiply.
public func referenceMatmul<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposeA: Bool = false, transposeB: Bool = false
) throws -> Tensor<Scalar> {
  let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
  let n = transposeB ? b.shape[0] : b.shape[1]
  var c = [Double](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      var total = 0.0
      for p in 0..<k {
        let aip = transposeA ? a.scalars[p * m + i] : a.scalars[i * k + p]
        let bpj = transposeB ? b.scalars[j * k + p] : b.scalars[p * n + j]
        total += aip.doubleValue * bpj.doubleValue
      }
      c[i * n + j] = total
    }
  }
  return try Tensor(shape: [m, n], scalars: c.map { Scalar($0) })
}
