extension Tensor {
  /// Combines every element with one scalar: `result[i] = self[i] ∘ scalar`, or
  /// `scalar ∘ self[i]` when `scalarFirst`. A scalar broadcasts to any shape, so this
  /// cannot fail.
  @_specialize(where Scalar == Float)
  func combined(
    withScalar scalar: Scalar, by operation: BinaryOperation, scalarFirst: Bool = false
  ) -> Tensor {
    let other = Tensor(scalar)
    let layout =
      scalarFirst
      ? BroadcastLayout(validShape: shape, lhs: [], rhs: shape)
      : BroadcastLayout(validShape: shape, lhs: shape, rhs: [])
    let (a, b) = scalarFirst ? (other, self) : (self, other)
    return Tensor(validShape: shape, count: scalarCount) { result in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          Scalar.combine(operation, a, b, layout: layout, into: result)
        }
      }
    }
  }

  /// Adds a scalar to every element.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A scalar.
  /// - Returns: `lhs + rhs`, of the shape of `lhs`.
  public static func + (lhs: Tensor, rhs: Scalar) -> Tensor {
    lhs.combined(withScalar: rhs, by: .add)
  }

  /// Adds every element to a scalar.
  ///
  /// - Parameters:
  ///   - lhs: A scalar.
  ///   - rhs: A tensor.
  /// - Returns: `lhs + rhs`, of the shape of `rhs`.
  public static func + (lhs: Scalar, rhs: Tensor) -> Tensor {
    rhs.combined(withScalar: lhs, by: .add, scalarFirst: true)
  }

  /// Subtracts a scalar from every element.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A scalar.
  /// - Returns: `lhs − rhs`, of the shape of `lhs`.
  public static func - (lhs: Tensor, rhs: Scalar) -> Tensor {
    lhs.combined(withScalar: rhs, by: .subtract)
  }

  /// Subtracts every element from a scalar, as in `1 - y`.
  ///
  /// - Parameters:
  ///   - lhs: A scalar.
  ///   - rhs: A tensor.
  /// - Returns: `lhs − rhs`, of the shape of `rhs`.
  public static func - (lhs: Scalar, rhs: Tensor) -> Tensor {
    rhs.combined(withScalar: lhs, by: .subtract, scalarFirst: true)
  }

  /// Multiplies every element by a scalar.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A scalar.
  /// - Returns: `lhs · rhs`, of the shape of `lhs`.
  public static func * (lhs: Tensor, rhs: Scalar) -> Tensor {
    lhs.combined(withScalar: rhs, by: .multiply)
  }

  /// Multiplies a scalar by every element.
  ///
  /// - Parameters:
  ///   - lhs: A scalar.
  ///   - rhs: A tensor.
  /// - Returns: `lhs · rhs`, of the shape of `rhs`.
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor {
    rhs.combined(withScalar: lhs, by: .multiply, scalarFirst: true)
  }

  /// Divides every element by a scalar (IEEE 754: dividing by zero gives ±∞ or NaN).
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A scalar.
  /// - Returns: `lhs / rhs`, of the shape of `lhs`.
  public static func / (lhs: Tensor, rhs: Scalar) -> Tensor {
    lhs.combined(withScalar: rhs, by: .divide)
  }

  /// Divides a scalar by every element.
  ///
  /// - Parameters:
  ///   - lhs: A scalar.
  ///   - rhs: A tensor.
  /// - Returns: `lhs / rhs`, of the shape of `rhs`.
  public static func / (lhs: Scalar, rhs: Tensor) -> Tensor {
    rhs.combined(withScalar: lhs, by: .divide, scalarFirst: true)
  }

  /// Adds a scalar to every element in place.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The scalar to add.
  public static func += (lhs: inout Tensor, rhs: Scalar) {
    lhs = lhs + rhs
  }

  /// Subtracts a scalar from every element in place.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The scalar to subtract.
  public static func -= (lhs: inout Tensor, rhs: Scalar) {
    lhs = lhs - rhs
  }

  /// Multiplies every element by a scalar in place.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The factor.
  public static func *= (lhs: inout Tensor, rhs: Scalar) {
    lhs = lhs * rhs
  }

  /// Divides every element by a scalar in place.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The divisor.
  public static func /= (lhs: inout Tensor, rhs: Scalar) {
    lhs = lhs / rhs
  }
}
