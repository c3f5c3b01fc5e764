extension Tensor {
  /// The element-wise function applied to every scalar: `y[i] = f(x[i])`.
  ///
  /// ```swift
  /// let y = x.applying(.sigmoid)
  /// ```
  ///
  /// - Parameter function: The function.
  /// - Returns: A tensor of the same shape.
  @_specialize(where Scalar == Float)
  public func applying(_ function: ElementwiseFunction) -> Tensor {
    Tensor(validShape: shape, count: scalarCount) { result in
      withUnsafeBufferPointer { Scalar.apply(function, $0, into: result) }
    }
  }

  /// The backward pass of an element-wise function: `dx[i] = dy[i] · f′(x[i])`.
  ///
  /// `operand` is the forward pass's input or output, as
  /// ``ElementwiseFunction/derivativeOperand`` says; the derivative of each function is
  /// documented on its case.
  ///
  /// - Parameters:
  ///   - function: The function that the forward pass applied.
  ///   - operand: Its cached input or output.
  ///   - upstream: The gradient of the loss with respect to the output.
  ///   - gate: The gate to name in the error.
  /// - Returns: The gradient with respect to the input.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when `upstream`
  ///   does not have the shape of `operand`.
  @_specialize(where Scalar == Float)
  public static func gradient(
    through function: ElementwiseFunction, operand: Tensor, upstream: Tensor,
    gate: @autoclosure () -> String
  ) throws -> Tensor {
    guard upstream.shape == operand.shape else {
      throw GateKitError.shapeMismatch(
        operation: gate(), expected: "upstream gradient of shape \(format(operand.shape))",
        actual: upstream.shape)
    }
    return Tensor(validShape: operand.shape, count: operand.scalarCount) { result in
      operand.withUnsafeBufferPointer { v in
        upstream.withUnsafeBufferPointer { dy in
          Scalar.applyDerivative(of: function, operand: v, upstream: dy, into: result)
        }
      }
    }
  }

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
