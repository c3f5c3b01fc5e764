import GateKitCore

/// The sum of two or more inputs, with NumPy-style broadcasting: `y = x₁ + x₂ + … + xₙ`.
///
/// Local derivative: `∂y/∂xᵢ = 1`, so the add gate *distributes* the upstream gradient
/// unchanged to every input, summed over the dimensions along which that input was
/// broadcast.
///
/// ```swift
/// var add = Add<Double>()
/// let v = try add.forward(inputs: [5, 6])  // 11
/// let grads = try add.backward(upstream: 3)  // [3, 3]
/// ```
public struct Add<Scalar: TensorScalar>: Gate {
  private var inputShapes: [[Int]]?
  private var outputShape: [Int] = []

  /// An add gate.
  public init() {}

  /// Two or more inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...Int.max }

  /// `Add`.
  public var description: String { "Add" }

  /// Sums the inputs, broadcasting their shapes together.
  ///
  /// - Parameter inputs: Two or more tensors whose shapes broadcast together.
  /// - Returns: The sum, of the broadcast shape.
  /// - Throws: `GateKitError.wrongInputCount` or `.incompatibleShapes`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    outputShape = try broadcastShape(of: inputs)
    var sum = try inputs[0].broadcast(to: outputShape)
    for x in inputs.dropFirst() { try sum.combine(.add, with: x, context: description) }
    inputShapes = inputs.map(\.shape)
    return sum
  }

  /// Add distributes: `dxᵢ = dy`, summed down to each input's shape.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dxᵢ` for each input.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let shapes = try cached(inputShapes)
    try validateUpstream(upstream, outputShape: outputShape)
    return try shapes.map { try upstream.sum(toShape: $0) }
  }
}
