import GateKitCore

/// The difference of two inputs, with broadcasting: `y = a − b`.
///
/// Local derivatives: `∂y/∂a = 1` and `∂y/∂b = −1`; each gradient is summed over the
/// dimensions along which its input was broadcast.
///
/// ```swift
/// var subtract = Subtract<Double>()
/// let y = try subtract.forward(inputs: [5, 3])   // 2
/// let grads = try subtract.backward(upstream: 1)   // [1, -1]
/// ```
public struct Subtract<Scalar: TensorScalar>: Gate {
  private var inputShapes: [[Int]]?
  private var outputShape: [Int] = []

  /// A subtract gate.
  public init() {}

  /// Exactly two inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...2 }

  /// `Subtract`.
  public var description: String { "Subtract" }

  /// Computes `a − b`.
  ///
  /// - Parameter inputs: `[a, b]`, with shapes that broadcast together.
  /// - Returns: The difference, of the broadcast shape.
  /// - Throws: `GateKitError.wrongInputCount` or `.incompatibleShapes`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    outputShape = try broadcastShape(of: inputs)
    inputShapes = inputs.map(\.shape)
    return try inputs[0].combined(with: inputs[1], by: .subtract, context: description)
  }

  /// `da = dy` and `db = −dy`, each summed down to its input's shape.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `[dL/da, dL/db]`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let shapes = try cached(inputShapes)
    try validateUpstream(upstream, outputShape: outputShape)
    return [try upstream.sum(toShape: shapes[0]), try (-upstream).sum(toShape: shapes[1])]
  }
}
