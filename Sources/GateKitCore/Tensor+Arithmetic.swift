extension Tensor {
  /// A broadcasting binary operation: `result[i] = self[i] ∘ other[i]` (NumPy rules, see
  /// ``BroadcastLayout``).
  ///
  /// - Parameters:
  ///   - other: The right operand.
  ///   - operation: The operation `∘`.
  ///   - context: The gate or operation to name in the error.
  /// - Returns: A tensor of the broadcast shape.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)`` when the shapes do
  ///   not broadcast together.
  @_specialize(where Scalar == Float)
  public func combined(
    with other: Tensor, by operation: BinaryOperation,
    context: @autoclosure () -> String? = nil
  ) throws -> Tensor {
    let layout = try BroadcastLayout(
      shape, other.shape, operation: context() ?? "tensor \(operation)")
    return Tensor(validShape: layout.shape, count: layout.count) { result in
      withUnsafeBufferPointer { a in
        other.withUnsafeBufferPointer { b in
          Scalar.combine(operation, a, b, layout: layout, into: result)
        }
      }
    }
  }

  /// Applies a broadcasting binary operation in place: `self[i] = self[i] ∘ other[i]`.
  ///
  /// - Parameters:
  ///   - operation: The operation `∘`.
  ///   - other: The right operand; its shape must broadcast to this tensor's shape.
  ///   - context: The gate or operation to name in the error.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when `other`
  ///   does not broadcast to this tensor's shape.
  @_specialize(where Scalar == Float)
  public mutating func combine(
    _ operation: BinaryOperation, with other: Tensor,
    context: @autoclosure () -> String? = nil
  ) throws {
    guard BroadcastLayout.canBroadcast(other.shape, to: shape) else {
      throw GateKitError.shapeMismatch(
        operation: context() ?? "tensor \(operation)=",
        expected: "a shape that broadcasts to \(format(shape))", actual: other.shape)
    }
    let layout = try BroadcastLayout(shape, other.shape)
    withUnsafeMutableBufferPointer { result in
      other.withUnsafeBufferPointer { b in
        Scalar.combine(operation, UnsafeBufferPointer(result), b, layout: layout, into: result)
      }
    }
  }

  /// Element-wise sum with broadcasting.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A tensor whose shape broadcasts with `lhs`.
  /// - Returns: `lhs + rhs`.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
    try lhs.combined(with: rhs, by: .add)
  }

  /// Element-wise difference with broadcasting.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A tensor whose shape broadcasts with `lhs`.
  /// - Returns: `lhs − rhs`.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
    try lhs.combined(with: rhs, by: .subtract)
  }

  /// Element-wise product with broadcasting.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A tensor whose shape broadcasts with `lhs`.
  /// - Returns: `lhs · rhs`.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
    try lhs.combined(with: rhs, by: .multiply)
  }

  /// Element-wise quotient with broadcasting.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: A tensor whose shape broadcasts with `lhs`.
  /// - Returns: `lhs / rhs`.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
    try lhs.combined(with: rhs, by: .divide)
  }

  /// Adds `rhs` in place; its shape must broadcast to the shape of `lhs`.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The tensor to add.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func += (lhs: inout Tensor, rhs: Tensor) throws {
    try lhs.combine(.add, with: rhs)
  }

  /// Subtracts `rhs` in place; its shape must broadcast to the shape of `lhs`.
  ///
  /// - Parameters:
  ///   - lhs: The tensor to update.
  ///   - rhs: The tensor to subtract.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)``.
  @_disfavoredOverload  // `x * 2` picks the non-throwing scalar form
  public static func -= (lhs: inout Tensor, rhs: Tensor) throws {
    try lhs.combine(.subtract, with: rhs)
  }
}
