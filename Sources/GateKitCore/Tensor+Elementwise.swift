extension Tensor {
  /// The negated tensor.
  ///
  /// - Parameter x: A tensor.
  /// - Returns: `−x`.
  public static prefix func - (x: Tensor) -> Tensor {
    x.applying(.negate)
  }

  /// A tensor of the same shape with `transform` applied to every scalar.
  ///
  /// A closure call per scalar is slow in generic code: use ``applying(_:)`` or the
  /// arithmetic operators in gates, and this for setup and tests.
  ///
  /// - Parameter transform: The function to apply.
  /// - Returns: The transformed tensor.
  public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Tensor {
    Tensor(validShape: shape, scalars: try scalars.map(transform))
  }

  /// A tensor of the same shape with `transform` applied to each pair of scalars at the
  /// same position in this tensor and `other`.
  ///
  /// ```swift
  /// let a: Tensor<Double> = [1, 2, 3]
  /// let hypotenuse = try a.map(with: [4, 5, 6]) { x, y in (x * x + y * y).squareRoot() }
  /// ```
  ///
  /// Like ``map(_:)``, a closure call per scalar: for setup and tests, not for gates.
  ///
  /// - Parameters:
  ///   - other: A tensor of the same shape (no broadcasting).
  ///   - transform: The function of the two scalars.
  /// - Returns: The combined tensor.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when the shapes
  ///   differ, or what `transform` throws.
  public func map(
    with other: Tensor, _ transform: (Scalar, Scalar) throws -> Scalar
  ) throws -> Tensor {
    guard other.shape == shape else {
      throw GateKitError.shapeMismatch(
        operation: "Tensor.map(with:_:)", expected: "a tensor of shape \(format(shape))",
        actual: other.shape)
    }
    return Tensor(validShape: shape, scalars: try zip(scalars, other.scalars).map(transform))
  }
}
