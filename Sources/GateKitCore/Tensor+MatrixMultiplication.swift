/// The matrix product `op(a) · op(b)` of two rank-2 tensors, where `op` transposes its
/// matrix when asked to.
///
/// ```swift
/// let d = try matmul(w, x)                    // D = W·X
/// let dw = try matmul(dd, x, transposingB: true)  // dW = dD·Xᵀ
/// ```
///
/// - Parameters:
///   - a: The left matrix.
///   - b: The right matrix.
///   - transposingA: Whether to use `aᵀ`.
///   - transposingB: Whether to use `bᵀ`.
///   - context: The gate or operation to name in the error.
/// - Returns: The `m × n` product.
/// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when an operand
///   is not a matrix or the inner dimensions differ.
@_specialize(where Scalar == Float)
public func matmul<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposingA: Bool = false,
  transposingB: Bool = false, context: @autoclosure () -> String? = nil
) throws -> Tensor<Scalar> {
  let (m, n, k) = try matrixProductDimensions(
    a.shape, transposingA, b.shape, transposingB, context: context() ?? "matmul")
  // [m, 0] × [0, n] is valid for any m and n, so m·n itself may be out of range.
  let count = try Tensor<Scalar>.scalarCount(of: [m, n], operation: context() ?? "matmul")
  return Tensor(validShape: [m, n], count: count) { c in
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else {
          c.initialize(repeating: 0)  // an empty operand: the product is all zeros
          return
        }
        Scalar.multiplyMatrices(
          pa, transposeA: transposingA, pb, transposeB: transposingB, into: pc, m: m, n: n,
          k: k, accumulate: false)
      }
    }
  }
}

extension Tensor {
  /// Adds the matrix product `op(a) · op(b)` to this matrix in place: how a dense gate
  /// accumulates its weight gradient (`dW += xᵀ · dy`) without a temporary.
  ///
  /// - Parameters:
  ///   - a: The left matrix.
  ///   - b: The right matrix.
  ///   - transposingA: Whether to use `aᵀ`.
  ///   - transposingB: Whether to use `bᵀ`.
  ///   - context: The gate or operation to name in the error.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when the
  ///   operands do not multiply or the product does not have this tensor's shape.
  @_specialize(where Scalar == Float)
  public mutating func addMatmul(
    _ a: Tensor, _ b: Tensor, transposingA: Bool = false, transposingB: Bool = false,
    context: @autoclosure () -> String? = nil
  ) throws {
    let (m, n, k) = try matrixProductDimensions(
      a.shape, transposingA, b.shape, transposingB, context: context() ?? "addMatmul")
    guard shape == [m, n] else {
      throw GateKitError.shapeMismatch(
        operation: context() ?? "addMatmul", expected: "an accumulator of shape \(format([m, n]))",
        actual: shape)
    }
    withUnsafeMutableBufferPointer { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else {
            return
          }
          Scalar.multiplyMatrices(
            pa, transposeA: transposingA, pb, transposeB: transposingB, into: pc, m: m, n: n,
            k: k, accumulate: true)
        }
      }
    }
  }
}

/// The dimensions `(m, n, k)` of `op(a) · op(b)`, validated.
private func matrixProductDimensions(
  _ a: [Int], _ transposeA: Bool, _ b: [Int], _ transposeB: Bool,
  context: @autoclosure () -> String
) throws -> (m: Int, n: Int, k: Int) {
  guard a.count == 2 else {
    throw GateKitError.shapeMismatch(
      operation: context(), expected: "a matrix (rank 2) on the left", actual: a)
  }
  guard b.count == 2 else {
    throw GateKitError.shapeMismatch(
      operation: context(), expected: "a matrix (rank 2) on the right", actual: b)
  }
  let (m, k) = transposeA ? (a[1], a[0]) : (a[0], a[1])
  let (kb, n) = transposeB ? (b[1], b[0]) : (b[0], b[1])
  guard k == kb else {
    let expected = transposeB ? "[*, \(k)]" : "[\(k), *]"
    throw GateKitError.shapeMismatch(
      operation: context(),
      expected:
        "a right operand of shape \(expected) (left \(transposeA ? "ᵀ " : "")is \(format(a)))",
      actual: b)
  }
  return (m, n, k)
}
