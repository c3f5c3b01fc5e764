/// A built-in layer with a `[batch, out]` output whose column `j` depends on the
/// parameters of column `j` alone (a dense layer: `W[:, j]` and `b[j]`), and which can
/// compute one column exactly as its forward pass computes it.
///
/// The gradient checker uses it to recompute, at a probe of one weight, only the column
/// the weight changes, and verifies at the checked point that the column matches the
/// forward pass bit for bit before relying on it. It is package-internal: a gate from
/// another package is always run whole.
package protocol ColumnwiseGate<Scalar>: Layer {
  /// The output column that the element at `offset` of parameter `index` (in visiting
  /// order) affects, or `nil` when it affects more than one.
  func outputColumn(ofParameter index: Int, offset: Int) -> Int?

  /// Column `column` of the output at `input`, of shape `[batch]`, with the same bits as
  /// that column of `forward(input)`.
  func outputColumn(_ column: Int, at input: Tensor<Scalar>) throws -> Tensor<Scalar>
}
