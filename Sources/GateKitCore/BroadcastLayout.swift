/// How the two operands of a broadcasting operation map onto its result (NumPy rules).
///
/// Shapes are aligned at their last dimension. Along each dimension the sizes must be
/// equal or one of them must be 1; the result takes the larger size, and an operand of
/// size 1 (or with the dimension missing) is read with stride 0 there.
///
/// ```swift
/// let layout = try BroadcastLayout([4, 3], [3])  // shape [4, 3], rhsStrides [0, 1]
/// ```
public struct BroadcastLayout: Sendable, Equatable {
  /// The shape of the result.
  public let shape: [Int]
  /// The left operand's shape.
  public let lhsShape: [Int]
  /// The right operand's shape.
  public let rhsShape: [Int]
  /// The number of scalars in the result.
  public let count: Int

  /// The left operand's element strides along each dimension of ``shape`` (0 where broadcast).
  public var lhsStrides: [Int] { Self.strides(of: lhsShape, broadcastTo: shape) }
  /// The right operand's element strides along each dimension of ``shape`` (0 where broadcast).
  public var rhsStrides: [Int] { Self.strides(of: rhsShape, broadcastTo: shape) }

  /// The layout of an operation between operands of shapes `lhs` and `rhs`.
  ///
  /// - Parameters:
  ///   - lhs: The left operand's shape.
  ///   - rhs: The right operand's shape.
  ///   - operation: The operation's name, for the error.
  /// - Throws: ``GateKitError/incompatibleShapes(operation:shapes:)`` when the shapes do
  ///   not broadcast together.
  public init(
    _ lhs: [Int], _ rhs: [Int], operation: @autoclosure () -> String = "broadcast"
  ) throws {
    guard let shape = Self.broadcastShape(lhs, rhs) else {
      throw GateKitError.incompatibleShapes(operation: operation(), shapes: [lhs, rhs])
    }
    self.shape = shape
    self.lhsShape = lhs
    self.rhsShape = rhs
    self.count = shape.reduce(1, *)
  }

  /// The shape that `lhs` and `rhs` broadcast to, or `nil` if they are incompatible.
  ///
  /// - Parameters:
  ///   - lhs: One shape.
  ///   - rhs: The other shape.
  /// - Returns: The broadcast shape, or `nil`.
  public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
    // The common cases return an existing array: equal shapes, a scalar, a trailing match.
    if lhs == rhs || rhs.isEmpty { return lhs }
    if lhs.isEmpty { return rhs }
    if lhs.count >= rhs.count && lhs.suffix(rhs.count).elementsEqual(rhs) { return lhs }
    if rhs.count > lhs.count && rhs.suffix(lhs.count).elementsEqual(lhs) { return rhs }
    let rank = Swift.max(lhs.count, rhs.count)
    var shape = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
      let l = axis < rank - lhs.count ? 1 : lhs[axis - (rank - lhs.count)]
      let r = axis < rank - rhs.count ? 1 : rhs[axis - (rank - rhs.count)]
      guard l == r || l == 1 || r == 1 else { return nil }
      shape[axis] = l == 1 ? r : l
    }
    return shape
  }

  /// A layout whose operands the caller has already checked broadcast to `shape` (for
  /// instance a tensor and a rank-0 scalar).
  init(validShape shape: [Int], lhs: [Int], rhs: [Int]) {
    assert(Self.broadcastShape(lhs, rhs) == shape, "operands validated by the caller")
    self.shape = shape
    self.lhsShape = lhs
    self.rhsShape = rhs
    self.count = shape.reduce(1, *)
  }

  /// Whether a tensor of shape `shape` broadcasts to `target` without changing `target`.
  ///
  /// - Parameters:
  ///   - shape: The smaller shape.
  ///   - target: The shape to broadcast to.
  /// - Returns: `true` if `broadcastShape(shape, target) == target`.
  public static func canBroadcast(_ shape: [Int], to target: [Int]) -> Bool {
    broadcastShape(shape, target) == target
  }

  /// The element strides that read a contiguous tensor of shape `shape` along each
  /// dimension of `target`, with 0 where `shape` is broadcast. The caller has checked that
  /// `shape` broadcasts to `target` (see ``canBroadcast(_:to:)``).
  static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
    let offset = target.count - shape.count
    var strides = [Int](repeating: 0, count: target.count)
    var step = 1
    for axis in shape.indices.reversed() {
      strides[axis + offset] = shape[axis] == 1 ? 0 : step
      step *= shape[axis]
    }
    return strides
  }

  /// The row-major element strides of a contiguous tensor of shape `shape`.
  ///
  /// - Parameter shape: A shape.
  /// - Returns: One stride per dimension.
  public static func contiguousStrides(of shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in shape.indices.reversed() {
      strides[axis] = step
      step *= shape[axis]
    }
    return strides
  }
}
