/// A gate made of other gates (`Sequential`, `Graph`), which can say what each of its
/// children received in a pass: the local view the gradient checker uses to say *which*
/// gate of a composition is wrong.
///
/// ```swift
/// let trace = try model.trace(inputs: [x], upstream: dy)
/// for child in trace.children { print(child.path, child.gate, child.inputs.map(\.shape)) }
/// ```
public protocol CompositeGate<Scalar>: Gate {
  /// Runs a forward pass (and, given `upstream`, a backward pass) on a copy of the gate
  /// and records each child's inputs and upstream gradient. The gate itself is not
  /// changed.
  ///
  /// - Parameters:
  ///   - inputs: The composite's inputs.
  ///   - upstream: The gradient of the composite's output, or `nil` for a forward pass
  ///     only.
  /// - Returns: The output and one record per child, in forward order.
  /// - Throws: What the children's passes throw.
  func trace(inputs: [Tensor<Scalar>], upstream: Tensor<Scalar>?) throws -> GateTrace<Scalar>
}

/// Where a value inside a ``CompositeGate`` comes from: one of the composite's inputs or
/// the output of one of its children. A trace that names the sources of every child's
/// inputs and of the composite's output describes its wiring, which lets the gradient
/// checker re-run only the gates downstream of a perturbed value, keep constant inputs
/// constant inside the composite, and check the composite's own backward wiring.
public enum TraceSource: Hashable, Sendable {
  /// The composite's input at this index.
  case input(Int)
  /// The output of the child at this index of ``GateTrace/children``.
  case child(Int)
}

/// What the children of a ``CompositeGate`` received in one pass.
public struct GateTrace<Scalar: TensorScalar>: Sendable {
  /// The composite's output.
  public var output: Tensor<Scalar>
  /// One record per child, in forward order.
  public var children: [ChildTrace<Scalar>]
  /// Where the composite's output comes from, or `nil` when the trace does not describe
  /// its wiring.
  public var outputSource: TraceSource?

  /// A trace.
  ///
  /// - Parameters:
  ///   - output: The composite's output.
  ///   - children: One record per child, in forward order.
  ///   - outputSource: Where the output comes from (`nil`: wiring not described).
  public init(
    output: Tensor<Scalar>, children: [ChildTrace<Scalar>], outputSource: TraceSource? = nil
  ) {
    self.output = output
    self.children = children
    self.outputSource = outputSource
  }
}

/// One child of a composite in a traced pass.
public struct ChildTrace<Scalar: TensorScalar>: Sendable {
  /// The child's path, the prefix of its parameters' paths without the final dot
  /// (`layers.3` in a `Sequential`, the node name in a `Graph`).
  public var path: String
  /// The child as it was before the pass: its parameters, no cached values.
  public var gate: any Gate<Scalar>
  /// The child's inputs in the forward pass.
  public var inputs: [Tensor<Scalar>]
  /// The gradient of the child's output in the backward pass, or `nil` without a backward
  /// pass or when no gradient flows to the child.
  public var upstream: Tensor<Scalar>?
  /// Where each of ``inputs`` comes from (only earlier children), or `nil` when the trace
  /// does not describe the wiring.
  public var sources: [TraceSource]?

  /// A record.
  ///
  /// - Parameters:
  ///   - path: The child's path.
  ///   - gate: The child before the pass.
  ///   - inputs: Its inputs.
  ///   - upstream: The gradient of its output, if any.
  ///   - sources: Where each input comes from (`nil`: wiring not described).
  public init(
    path: String, gate: any Gate<Scalar>, inputs: [Tensor<Scalar>], upstream: Tensor<Scalar>?,
    sources: [TraceSource]? = nil
  ) {
    self.path = path
    self.gate = gate
    self.inputs = inputs
    self.upstream = upstream
    self.sources = sources
  }
}
