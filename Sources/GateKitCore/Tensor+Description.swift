extension Tensor: CustomStringConvertible {
  /// The scalars as nested brackets, for example `[[1.0, 2.0], [3.0, 4.0]]`; dimensions
  /// longer than 8 show their first and last 3 entries around `…`.
  public var description: String {
    description(writingScalarsWith: { String(describing: $0) })
  }

  /// The scalars as nested brackets, each written by `scalar` (a circuit diagram rounds
  /// them); dimensions longer than 8 show their first and last 3 entries around `…`.
  package func description(writingScalarsWith scalar: (Scalar) -> String) -> String {
    var text = ""
    describe(axis: 0, offset: 0, into: &text, scalar)
    return text
  }

  private func describe(
    axis: Int, offset: Int, into text: inout String, _ scalar: (Scalar) -> String
  ) {
    guard axis < rank else {
      text += scalar(scalars[offset])
      return
    }
    let size = shape[axis]
    let stride = shape[(axis + 1)...].reduce(1, *)
    let shown = size > 8 ? Array(0..<3) + [-1] + Array((size - 3)..<size) : Array(0..<size)
    text += "["
    for (position, index) in shown.enumerated() {
      if position > 0 { text += ", " }
      if index < 0 {
        text += "…"
      } else {
        describe(axis: axis + 1, offset: offset + index * stride, into: &text, scalar)
      }
    }
    text += "]"
  }
}
