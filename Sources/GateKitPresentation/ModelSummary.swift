import GateKitCore

/// A table of a composition's gates: path, gate, output shape for given input shapes and
/// parameter count, with totals — what Keras' `model.summary()` prints.
///
/// ```swift
/// print(try model.summary(inputShape: [32, 64]))
/// // path      gate          output shape  parameters
/// // ────────  ────────────  ────────────  ──────────
/// // layers.0  Dense(64→32)  [32, 32]           2,080
/// // …
/// ```
///
/// The shapes come from one forward pass over zeros on a copy of the model; children of
/// a ``/GateKitCore/CompositeGate`` are listed after it, their paths prefixed by its path.
public struct ModelSummary: Sendable, CustomStringConvertible {
  /// One gate of the composition.
  public struct Row: Sendable, Equatable {
    /// The gate's path (`layers.2`, a graph node's name, `layers.1.m` when nested), or
    /// empty for a gate that is not a composition.
    public var path: String
    /// The gate's description.
    public var gate: String
    /// The shape of its output in the pass.
    public var outputShape: [Int]
    /// The number of trainable scalars in the gate (including its children's).
    public var parameterCount: Int

    /// A row.
    ///
    /// - Parameters:
    ///   - path: The gate's path.
    ///   - gate: Its description.
    ///   - outputShape: The shape of its output.
    ///   - parameterCount: Its number of trainable scalars.
    public init(path: String, gate: String, outputShape: [Int], parameterCount: Int) {
      (self.path, self.gate, self.outputShape) = (path, gate, outputShape)
      self.parameterCount = parameterCount
    }
  }

  /// The model's description.
  public var model: String
  /// The input shapes of the pass.
  public var inputShapes: [[Int]]
  /// The model's output shape.
  public var outputShape: [Int]
  /// The gates, in forward order, each composite followed by its children.
  public var rows: [Row]
  /// The model's number of trainable scalars.
  public var parameterCount: Int
  /// The bytes the parameter values take in the model's scalar type.
  public var parameterBytes: Int

  /// The table, then the totals.
  public var description: String {
    var table = TextTable(header: ["path", "gate", "output shape", "parameters"])
    for row in rows {
      table.append([
        row.path, row.gate, format(row.outputShape), grouped(row.parameterCount),
      ])
    }
    let megabytes = Double(parameterBytes) / 1_000_000
    let size = megabytes >= 0.1 ? "\(rounded(megabytes)) MB" : "\(parameterBytes) bytes"
    return table.rendered + "\n"
      + "input \(inputShapes.map(format).joined(separator: ", ")) → output \(format(outputShape)); "
      + "\(grouped(parameterCount)) parameters (\(size))"
  }
}

extension Gate {
  /// A summary of the gate for inputs of the given shapes: one row per gate of a
  /// composition (recursively), with output shapes and parameter counts.
  ///
  /// ```swift
  /// print(try model.summary(inputShapes: [[32, 64]]))
  /// ```
  ///
  /// - Parameter inputShapes: One shape per input of the gate.
  /// - Returns: The summary.
  /// - Throws: What the gate's forward pass throws for inputs of these shapes (a
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` naming the gate that
  ///   does not accept them).
  public func summary(inputShapes: [[Int]]) throws -> ModelSummary {
    let inputs = try inputShapes.map { try Tensor<Scalar>(zeros: $0) }
    var copy = self
    let output = try copy.forward(inputs: inputs)
    let rows =
      try (self as? any CompositeGate<Scalar>).map { try summaryRows($0, inputs: inputs) }
      ?? [
        ModelSummary.Row(
          path: "", gate: description, outputShape: output.shape, parameterCount: parameterCount)
      ]
    return ModelSummary(
      model: description, inputShapes: inputShapes, outputShape: output.shape, rows: rows,
      parameterCount: parameterCount,
      parameterBytes: parameterCount * MemoryLayout<Scalar>.size)
  }

  /// A summary of a single-input gate for an input of the given shape.
  ///
  /// ```swift
  /// print(try model.summary(inputShape: [32, 64]))
  /// ```
  ///
  /// - Parameter inputShape: The input's shape, batch dimension first.
  /// - Returns: The summary.
  /// - Throws: As ``summary(inputShapes:)``.
  public func summary(inputShape: [Int]) throws -> ModelSummary {
    try summary(inputShapes: [inputShape])
  }
}

/// The rows of a composite's children, each composite child followed by its own.
private func summaryRows<Scalar>(
  _ composite: any CompositeGate<Scalar>, inputs: [Tensor<Scalar>], prefix: String = ""
) throws -> [ModelSummary.Row] {
  var rows: [ModelSummary.Row] = []
  // A child at an empty path is a wrapper's wrapped gate: the wrapper's row already
  // stands for it.
  for child in try composite.trace(inputs: inputs, upstream: nil).children
  where !child.path.isEmpty {
    var gate = child.gate
    let output = try gate.forward(inputs: child.inputs)
    let path = prefix + child.path
    rows.append(
      ModelSummary.Row(
        path: path, gate: child.gate.description, outputShape: output.shape,
        parameterCount: child.gate.parameterCount))
    if let nested = child.gate as? any CompositeGate<Scalar> {
      rows += try summaryRows(nested, inputs: child.inputs, prefix: path + ".")
    }
  }
  return rows
}

/// `1234567` as `1,234,567`.
private func grouped(_ count: Int) -> String {
  let digits = Array(String(count))
  return String(
    digits.enumerated().flatMap { index, digit in
      index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
    })
}

/// A value to one decimal place.
private func rounded(_ value: Double) -> String {
  let tenths = Int((value * 10).rounded())
  return "\(tenths / 10).\(tenths % 10)"
}
