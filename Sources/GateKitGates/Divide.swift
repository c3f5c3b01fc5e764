import GateKitCore

/// The quotient of two inputs, with broadcasting: `y = a / b`.
///
/// Local derivatives: `∂y/∂a = 1/b` and `∂y/∂b = −a/b² = −y/b`; each gradient is summed
/// over the dimensions along which its input was broadcast.
///
/// ```swift
/// var divide = Divide<Double>()
/// let y = try divide.forward(inputs: [6, 3])   // 2
/// let grads = try divide.backward(upstream: 1)   // [1/3, -2/3]
/// ```
public struct Divide<Scalar: TensorScalar>: Gate {
  private var cache: (a: [Int], b: Tensor<Scalar>, y: Tensor<Scalar>)?

  /// A divide gate.
  public init() {}

  /// Exactly two inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...2 }

  /// `Divide`.
  public var description: String { "Divide" }

  /// Computes `a / b` and caches `b` and the quotient.
  ///
  /// - Parameter inputs: `[a, b]`, with shapes that broadcast together.
  /// - Returns: The quotient, of the broadcast shape.
  /// - Throws: `GateKitError.wrongInputCount` or `.incompatibleShapes`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    let y = try inputs[0].combined(with: inputs[1], by: .divide, context: description)
    cache = (inputs[0].shape, inputs[1], y)
    return y
  }

  /// `da = dy / b` and `db = −dy · y / b`, each summed down to its input's shape.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `[dL/da, dL/db]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (aShape, b, y) = try cached(cache)
    try validateUpstream(upstream, outputShape: y.shape)
    let da = try upstream / b
    let db = try -(da * y)
    return [try da.sum(toShape: aShape), try db.sum(toShape: b.shape)]
  }
}
