import GateKitCore

/// The element-wise maximum of two or more inputs, with broadcasting: `y = max(x₁, …, xₙ)`.
///
/// Local derivative: `∂y/∂xᵢ = 1` where `xᵢ` is the winner and `0` elsewhere, so the max
/// gate *routes* the upstream gradient to the winning input only.
///
/// Tie rule: when several inputs share the maximum, the **first** of them (lowest input
/// index) is the winner and receives the whole gradient; the others receive 0. The sum of
/// the input gradients therefore always equals the upstream gradient.
///
/// ```swift
/// var max = Max<Double>()
/// let y = try max.forward(inputs: [4, 2])   // 4
/// let grads = try max.backward(upstream: 1)   // [1, 0]
/// ```
public struct Max<Scalar: TensorScalar>: Gate {
  private var cache: (shapes: [[Int]], winner: Tensor<Scalar>)?

  /// A max gate.
  public init() {}

  /// Two or more inputs.
  public var acceptedInputCounts: ClosedRange<Int> { 2...Int.max }

  /// `Max`.
  public var description: String { "Max" }

  /// Takes the element-wise maximum and caches which input won each element.
  ///
  /// - Parameter inputs: Two or more tensors whose shapes broadcast together.
  /// - Returns: The maximum, of the broadcast shape.
  /// - Throws: `GateKitError.wrongInputCount` or `.incompatibleShapes`.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    let shape = try broadcastShape(of: inputs)
    var output = try inputs[0].broadcast(to: shape)
    var winner = try Tensor<Scalar>(zeros: shape)
    for i in inputs.indices.dropFirst() {
      // Strictly greater: on a tie the earlier input keeps the win.
      let wins = try inputs[i].combined(with: output, by: .greater)
      try winner.combine(.add, with: wins * (Scalar(i) - winner))
      try output.combine(.maximum, with: inputs[i])
    }
    cache = (inputs.map(\.shape), winner)
    return output
  }

  /// Max routes: `dxᵢ = dy` where input `i` won and `0` elsewhere.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dxᵢ` for each input, summed down to its shape.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    let (shapes, winner) = try cached(cache)
    try validateUpstream(upstream, outputShape: winner.shape)
    return try shapes.indices.map { i in
      let won = try winner.combined(with: Tensor(Scalar(i)), by: .equal)
      return try (upstream * won).sum(toShape: shapes[i])
    }
  }
}

extension Max: PiecewiseDifferentiable {
  /// Not differentiable at ties: the kink is met when some pair of inputs meets or changes
  /// order between `a` and `b` (in an element where their difference changes).
  ///
  /// - Parameters:
  ///   - a: One end: the inputs.
  ///   - b: The other end.
  /// - Returns: Whether two inputs tie somewhere on the segment.
  public func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool {
    guard a.count == b.count else { return false }
    for p in a.indices {
      for q in a.indices where q > p {
        guard let start = try? a[p] - a[q], let end = try? b[p] - b[q] else { continue }
        if Tensor.segmentCrossesZero(from: start, to: end) { return true }
      }
    }
    return false
  }
}
