/// An n-dimensional array of scalars: a value type with copy-on-write, row-major,
/// contiguous storage and a shape.
///
/// Every per-element loop runs in a kernel of the scalar type (see ``TensorScalar``), so
/// tensor code stays fast even where it is generic. Operations that can receive a wrong
/// shape throw a ``GateKitError`` naming the operation, the expected and the actual shape.
///
/// ```swift
/// let x = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = try x * 2 + Tensor([10, 20, 30])  // `x * 2` cannot fail; `+` broadcasts the row
/// print(y.shape)  // [2, 3]
/// ```
public struct Tensor<Scalar: TensorScalar>: Sendable {
  /// The size of each dimension, outermost first. A rank-0 tensor (one scalar) has `[]`.
  public let shape: [Int]
  /// The scalars in row-major order.
  public internal(set) var scalars: [Scalar]

  /// The number of dimensions.
  public var rank: Int { shape.count }
  /// The number of scalars: the product of the shape.
  public var scalarCount: Int { scalars.count }

  /// A tensor of the given shape holding `scalars` in row-major order.
  ///
  /// - Parameters:
  ///   - shape: The size of each dimension; none may be negative.
  ///   - scalars: Exactly as many scalars as the shape holds.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for a negative
  ///   dimension or a scalar count that does not match the shape.
  public init(shape: [Int], scalars: [Scalar]) throws {
    let count = try Self.scalarCount(of: shape, operation: "Tensor(shape:scalars:)")
    guard count == scalars.count else {
      throw GateKitError.invalidShape(
        operation: "Tensor(shape:scalars:)", shape: shape,
        reason: "it holds \(count) scalars but \(scalars.count) were given")
    }
    self.init(validShape: shape, scalars: scalars)
  }

  /// A tensor whose shape is already known to match `scalars`.
  init(validShape shape: [Int], scalars: [Scalar]) {
    assert(shape.reduce(1, *) == scalars.count, "shape and scalars validated by the caller")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape whose scalars `initializer` writes.
  ///
  /// The buffer passed to `initializer` is uninitialized: it must write every element.
  ///
  /// - Parameters:
  ///   - shape: The size of each dimension; none may be negative.
  ///   - initializer: Writes all `shape.reduce(1, *)` scalars.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for an invalid shape,
  ///   or what `initializer` throws.
  public init(
    shape: [Int],
    unsafeUninitializedScalarsWith initializer: (UnsafeMutableBufferPointer<Scalar>) throws ->
      Void
  ) throws {
    let count = try Self.scalarCount(of: shape, operation: "Tensor(shape:)")
    try self.init(validShape: shape, count: count, initializer)
  }

  /// The unchecked form of ``init(shape:unsafeUninitializedScalarsWith:)``.
  @_specialize(where Scalar == Float)
  init(
    validShape shape: [Int], count: Int,
    _ initializer: (UnsafeMutableBufferPointer<Scalar>) throws -> Void
  ) rethrows {
    self.shape = shape
    self.scalars = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      try initializer(buffer)
      initialized = count
    }
  }

  /// A tensor of the given shape filled with `value`.
  ///
  /// - Parameters:
  ///   - value: The value of every scalar.
  ///   - shape: The size of each dimension; none may be negative.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for an invalid shape.
  public init(repeating value: Scalar, shape: [Int]) throws {
    let count = try Self.scalarCount(of: shape, operation: "Tensor(repeating:shape:)")
    self.init(validShape: shape, filledWith: value, count: count)
  }

  /// The unchecked form of ``init(repeating:shape:)``.
  init(validShape shape: [Int], filledWith value: Scalar, count: Int) {
    self.init(validShape: shape, count: count) { Scalar.fill($0, with: value) }
  }

  /// Sets every scalar to `value`, in place.
  ///
  /// - Parameter value: The new value of every scalar.
  @_specialize(where Scalar == Float)
  public mutating func fill(with value: Scalar) {
    withUnsafeMutableBufferPointer { Scalar.fill($0, with: value) }
  }

  /// A tensor of zeros.
  ///
  /// - Parameter shape: The size of each dimension; none may be negative.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for an invalid shape.
  public init(zeros shape: [Int]) throws {
    try self.init(repeating: 0, shape: shape)
  }

  /// The `size × size` identity matrix: ones on the diagonal, zeros elsewhere.
  ///
  /// ```swift
  /// let eye = try Tensor<Double>.identity(3)  // shape [3, 3]
  /// ```
  ///
  /// - Parameter size: The number of rows and columns, at least 0.
  /// - Returns: A rank-2 tensor.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for a negative size or
  ///   more than ``maximumScalarCount`` scalars.
  public static func identity(_ size: Int) throws -> Tensor {
    let shape = [size, size]
    let count = try scalarCount(of: shape, operation: "Tensor.identity(_:)")
    return Tensor(validShape: shape, count: count) { result in
      Scalar.fill(result, with: 0)
      for i in 0..<size { result[i * size + i] = 1 }
    }
  }

  /// A tensor of zeros with the shape of `other`.
  ///
  /// - Parameter other: The tensor whose shape to take.
  @_specialize(where Scalar == Float)
  public init(zerosLike other: Tensor) {
    self.init(validShape: other.shape, filledWith: 0, count: other.scalarCount)
  }

  /// A rank-0 tensor holding one scalar.
  ///
  /// - Parameter scalar: The value.
  public init(_ scalar: Scalar) {
    self.init(validShape: [], scalars: [scalar])
  }

  /// A rank-1 tensor (a vector).
  ///
  /// - Parameter vector: The elements.
  public init(_ vector: [Scalar]) {
    self.init(validShape: [vector.count], scalars: vector)
  }

  /// A rank-2 tensor (a matrix) from its rows.
  ///
  /// - Parameter rows: The rows, all of the same length.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for ragged rows.
  public init(rows: [[Scalar]]) throws {
    let columns = rows.first?.count ?? 0
    if let ragged = rows.firstIndex(where: { $0.count != columns }) {
      throw GateKitError.invalidShape(
        operation: "Tensor(rows:)", shape: [rows.count, columns],
        reason: "row \(ragged) has \(rows[ragged].count) scalars, row 0 has \(columns)")
    }
    self.init(validShape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// The same values converted to another scalar type (for example a `Float` tensor as
  /// `Double`, to check its gradients in double precision).
  ///
  /// - Parameter other: The tensor to convert.
  public init<Other: TensorScalar>(_ other: Tensor<Other>) {
    self.init(validShape: other.shape, scalars: other.scalars.map { Scalar($0.doubleValue) })
  }

  /// The number of scalars in `shape`, validated.
  ///
  /// - Parameters:
  ///   - shape: The shape to validate.
  ///   - operation: The operation to name in the error.
  /// - Returns: The product of the dimensions.
  /// - Throws: ``GateKitError/invalidShape(operation:shape:reason:)`` for a negative
  ///   dimension or more than ``maximumScalarCount`` scalars.
  public static func scalarCount(of shape: [Int], operation: String) throws -> Int {
    var count = 1
    for size in shape {
      guard size >= 0 else {
        throw GateKitError.invalidShape(
          operation: operation, shape: shape, reason: "dimensions cannot be negative")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw GateKitError.invalidShape(
          operation: operation, shape: shape, reason: "too many scalars")
      }
      count = product
    }
    guard count <= maximumScalarCount else {
      throw GateKitError.invalidShape(
        operation: operation, shape: shape,
        reason: "\(count) scalars is more than the limit of \(maximumScalarCount)")
    }
    return count
  }

  /// The most scalars a tensor may hold: 2³¹ (8 GiB of `Float`), so that a shape from a
  /// hostile file or a typo is an error rather than an allocation that takes the process
  /// down.
  public static var maximumScalarCount: Int { 1 << 31 }

  /// Calls `body` with the scalars in row-major order.
  ///
  /// - Parameter body: Reads the buffer.
  /// - Returns: What `body` returns.
  public func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with mutable access to the scalars (copying them first if they are
  /// shared with another tensor).
  ///
  /// - Parameter body: Reads and writes the buffer; it cannot change the count.
  /// - Returns: What `body` returns.
  public mutating func withUnsafeMutableBufferPointer<Result>(
    _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try scalars.withUnsafeMutableBufferPointer { try body($0) }
  }
}

extension Tensor: Equatable {
  /// Whether two tensors have the same shape and the same scalars.
  ///
  /// - Parameters:
  ///   - lhs: A tensor.
  ///   - rhs: Another tensor.
  /// - Returns: `true` if shapes and scalars are equal.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
  }
}

extension Tensor: ExpressibleByFloatLiteral {
  /// A rank-0 tensor from a literal, so that `x * 0.5` reads naturally.
  ///
  /// - Parameter value: The literal.
  public init(floatLiteral value: Double) {
    self.init(Scalar(value))
  }
}

extension Tensor: ExpressibleByIntegerLiteral {
  /// A rank-0 tensor from a literal, so that `3 * x` and `["a": 5]` read naturally.
  ///
  /// - Parameter value: The literal.
  public init(integerLiteral value: Int) {
    self.init(Scalar(value))
  }
}

extension Tensor: ExpressibleByArrayLiteral {
  /// A rank-1 tensor from an array literal.
  ///
  /// - Parameter elements: The elements.
  public init(arrayLiteral elements: Scalar...) {
    self.init(elements)
  }
}
