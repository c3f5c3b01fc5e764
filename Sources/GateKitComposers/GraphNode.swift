import GateKitCore

/// One stage of a ``Graph``: a named value computed by a gate from named inputs.
///
/// ```swift
/// GraphNode("u", Multiply(), inputs: "b", "c")  // u = b·c
/// ```
public struct GraphNode<Scalar: TensorScalar>: Sendable {
  /// The name of the value this node computes.
  public let name: String
  /// The gate that computes it.
  public var gate: any Gate<Scalar>
  /// The names of the graph inputs or nodes that feed the gate, in order.
  public let inputs: [String]

  /// A node computing `name = gate(inputs…)`.
  ///
  /// - Parameters:
  ///   - name: The name of the computed value.
  ///   - gate: The gate.
  ///   - inputs: The names of the values that feed the gate, in order.
  public init(_ name: String, _ gate: some Gate<Scalar>, inputs: String...) {
    self.init(name, gate, inputs: inputs)
  }

  /// A node computing `name = gate(inputs…)`.
  ///
  /// - Parameters:
  ///   - name: The name of the computed value.
  ///   - gate: The gate.
  ///   - inputs: The names of the values that feed the gate, in order.
  public init(_ name: String, _ gate: some Gate<Scalar>, inputs: [String]) {
    self.name = name
    self.gate = gate
    self.inputs = inputs
  }
}
