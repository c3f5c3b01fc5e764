import GateKitCore

/// A directed acyclic circuit of gates with named inputs and outputs.
///
/// The forward pass runs the nodes in topological order; the backward pass runs them in
/// reverse, and where a value feeds several gates (a fork) the gradients flowing back from
/// each branch are **added**. A graph with one output is itself a ``/GateKitCore/Gate``
/// (its inputs in the declared order), so it nests in a ``Sequential`` or another graph.
/// Its parameters are its nodes' parameters with the path `<node>.<name>`.
///
/// The cs231n circuit J = 3(a + bc):
///
/// ```swift
/// var circuit = try Graph<Double>(inputs: "a", "b", "c", outputs: "J") {
///   GraphNode("u", Multiply(), inputs: "b", "c")  // u = b·c
///   GraphNode("v", Add(), inputs: "a", "u")       // v = a + u
///   GraphNode("J", try Scale(3), inputs: "v")     // J = 3v
/// }
/// let out = try circuit.forward(["a": 5, "b": 3, "c": 2])  // ["J": 33]
/// let grads = try circuit.backward(["J": 1])               // a: 3, b: 6, c: 9
/// ```
public struct Graph<Scalar: TensorScalar>: Gate {
  /// The names of the inputs, in the order `forward(inputs:)` takes them.
  public let inputNames: [String]
  /// The names of the outputs.
  public let outputNames: [String]
  /// The nodes in topological order (each after the nodes it reads).
  public private(set) var nodes: [GraphNode<Scalar>]
  private let topology: GraphTopology
  private var values: [Tensor<Scalar>]?
  private var gradients: [Tensor<Scalar>?] = []

  /// A graph of the given nodes, which may be listed in any order.
  ///
  /// - Parameters:
  ///   - inputs: The names of the graph's inputs.
  ///   - outputs: The names of the values the graph returns (inputs or nodes).
  ///   - nodes: The nodes.
  /// - Throws: ``/GateKitCore/GateKitError/duplicateNode(name:)``,
  ///   ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)``,
  ///   ``/GateKitCore/GateKitError/cycle(nodes:)`` or
  ///   ``/GateKitCore/GateKitError/wrongInputCount(gate:expected:actual:)`` for a malformed
  ///   graph.
  public init(inputs: [String], outputs: [String], nodes: [GraphNode<Scalar>]) throws {
    topology = try GraphTopology(inputs: inputs, outputs: outputs, nodes: nodes)
    inputNames = inputs
    outputNames = outputs
    self.nodes = topology.order.map { nodes[$0] }
  }

  /// A graph built by listing its nodes.
  ///
  /// - Parameters:
  ///   - inputs: The names of the graph's inputs.
  ///   - outputs: The names of the values the graph returns.
  ///   - content: The nodes, one per statement.
  /// - Throws: What `content` throws, or an error for a malformed graph (see
  ///   ``init(inputs:outputs:nodes:)``).
  public init(
    inputs: String..., outputs: String...,
    @GraphBuilder<Scalar> nodes content: () throws -> [GraphNode<Scalar>]
  ) throws {
    try self.init(inputs: inputs, outputs: outputs, nodes: content())
  }

  /// The one-line wiring: `Graph(a, b, c → J; u = Multiply(b, c); v = Add(a, u); …)`.
  public var description: String {
    let header = inputNames.joined(separator: ", ") + " → " + outputNames.joined(separator: ", ")
    let stages = nodes.map { "\($0.name) = \($0.gate)(\($0.inputs.joined(separator: ", ")))" }
    return "Graph(" + ([header] + stages).joined(separator: "; ") + ")"
  }

  // MARK: Named forward and backward

  /// Runs every node in topological order.
  ///
  /// - Parameter inputs: A tensor for every input name.
  /// - Returns: The value of every output name.
  /// - Throws: ``/GateKitCore/GateKitError/missingInput(name:)``,
  ///   ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)`` for an unknown input
  ///   name, or the first error a node throws.
  public mutating func forward(_ inputs: [String: Tensor<Scalar>]) throws -> NamedTensors<Scalar> {
    if let unknown = inputs.keys.sorted().first(where: { !inputNames.contains($0) }) {
      throw GateKitError.unknownNode(
        name: unknown, referencedBy: "forward", closest: closestName(to: unknown, among: inputNames)
      )
    }
    let ordered = try inputNames.map { name in
      guard let value = inputs[name] else { throw GateKitError.missingInput(name: name) }
      return value
    }
    return NamedTensors(names: outputNames, tensors: try run(ordered), role: "outputs")
  }

  /// Propagates output gradients back to the inputs, adding gradients at forks and
  /// accumulating every node's parameter gradients.
  ///
  /// - Parameter upstream: `dL/d(output)` for some or all output names; an output left out
  ///   contributes nothing.
  /// - Returns: `dL/d(input)` for every input name (zeros where nothing flowed).
  /// - Throws: ``/GateKitCore/GateKitError/backwardBeforeForward(gate:)``,
  ///   ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)`` for a name that is not
  ///   an output, ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)``, or
  ///   the first error a node throws.
  public mutating func backward(_ upstream: [String: Tensor<Scalar>]) throws -> NamedTensors<
    Scalar
  > {
    if let unknown = upstream.keys.sorted().first(where: { !outputNames.contains($0) }) {
      throw GateKitError.unknownNode(
        name: unknown, referencedBy: "backward",
        closest: closestName(to: unknown, among: outputNames))
    }
    let gradients = try propagate(outputNames.map { upstream[$0] })
    return NamedTensors(names: inputNames, tensors: gradients, role: "input gradients")
  }

  /// The value a named input or node had in the last forward pass.
  ///
  /// - Parameter name: An input or node name.
  /// - Returns: Its value.
  /// - Throws: ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)`` or
  ///   ``/GateKitCore/GateKitError/backwardBeforeForward(gate:)`` before any forward pass.
  public func value(of name: String) throws -> Tensor<Scalar> {
    guard let slot = topology.slots[name] else {
      throw GateKitError.unknownNode(
        name: name, referencedBy: "value(of:)", closest: closestName(to: name, among: names))
    }
    return try cached(values)[slot]
  }

  /// The gradient that reached a named input or node in the last backward pass, summed
  /// over its consumers (zeros where nothing flowed).
  ///
  /// - Parameter name: An input or node name.
  /// - Returns: `dL/d(name)`, of the value's shape.
  /// - Throws: ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)`` or
  ///   ``/GateKitCore/GateKitError/backwardBeforeForward(gate:)`` before any backward pass.
  public func gradient(of name: String) throws -> Tensor<Scalar> {
    guard let slot = topology.slots[name] else {
      throw GateKitError.unknownNode(
        name: name, referencedBy: "gradient(of:)", closest: closestName(to: name, among: names))
    }
    guard slot < gradients.count else {
      throw GateKitError.backwardBeforeForward(gate: description)
    }
    return try gradients[slot] ?? Tensor(zerosLike: value(of: name))
  }

  // MARK: The passes

  /// The forward pass over inputs in declared order; returns the outputs in declared order.
  private mutating func run(_ inputs: [Tensor<Scalar>]) throws -> [Tensor<Scalar>] {
    values = nil
    gradients = []
    var slots = inputs
    slots.reserveCapacity(inputs.count + nodes.count)
    for i in nodes.indices {
      let inputs = topology.inputSlots[i].map { slots[$0] }
      slots.append(try withNode(i) { try $0.forward(inputs: inputs) })
    }
    values = slots
    return topology.outputSlots.map { slots[$0] }
  }

  /// The backward pass from output gradients (`nil`: none) to input gradients.
  private mutating func propagate(_ upstream: [Tensor<Scalar>?]) throws -> [Tensor<Scalar>] {
    let values = try cached(self.values)
    var gradients = [Tensor<Scalar>?](repeating: nil, count: values.count)
    for (i, gradient) in upstream.enumerated() {
      guard let gradient else { continue }
      let slot = topology.outputSlots[i]
      try accumulate(
        gradient, into: &gradients[slot], shape: values[slot].shape,
        from: "\(description) output '\(outputNames[i])'")
    }
    for i in nodes.indices.reversed() {
      guard let upstream = gradients[inputCount + i] else { continue }  // nothing flows here
      let inputGradients = try withNode(i) { try $0.backward(upstream: upstream) }
      let inputSlots = topology.inputSlots[i]
      guard inputGradients.count == inputSlots.count else {
        throw GateKitError.invalidArgument(
          operation: "\(nodes[i].name) = \(nodes[i].gate)",
          reason:
            "backward returned \(inputGradients.count) gradients for \(inputSlots.count) inputs")
      }
      // Gradients add at forks: a value read by several gates sums what each sends back.
      for (slot, gradient) in zip(inputSlots, inputGradients) {
        try accumulate(
          gradient, into: &gradients[slot], shape: values[slot].shape,
          from: "\(nodes[i].name) = \(nodes[i].gate)")
      }
    }
    self.gradients = gradients
    return (0..<inputCount).map { gradients[$0] ?? Tensor(zerosLike: values[$0]) }
  }

  private var inputCount: Int { inputNames.count }

  /// Every input and node name, in definition order.
  private var names: [String] { inputNames + nodes.map(\.name) }

  /// Runs a pass of node `i`'s gate and locates any error it throws at the node's name.
  @inline(__always)
  private mutating func withNode<Result>(
    _ i: Int, _ pass: (inout any Gate<Scalar>) throws -> Result
  ) throws -> Result {
    do {
      return try pass(&nodes[i].gate)
    } catch let error as GateKitError {
      throw error.located(atPath: nodes[i].name, in: nodes[i].gate)
    }
  }

  private func accumulate(
    _ gradient: Tensor<Scalar>, into total: inout Tensor<Scalar>?, shape: [Int], from source: String
  ) throws {
    guard gradient.shape == shape else {
      throw GateKitError.shapeMismatch(
        operation: source, expected: "a gradient of shape \(shape)", actual: gradient.shape)
    }
    if total == nil {
      total = gradient
    } else {
      try total?.combine(.add, with: gradient)
    }
  }
}

// MARK: - Gate conformance

extension Graph {
  /// Exactly one tensor per input name.
  public var acceptedInputCounts: ClosedRange<Int> { inputNames.count...inputNames.count }

  /// Runs the graph as a gate: inputs in the order of ``inputNames``, one output.
  ///
  /// - Parameter inputs: One tensor per input name, in order.
  /// - Returns: The value of the single output.
  /// - Throws: ``/GateKitCore/GateKitError/wrongInputCount(gate:expected:actual:)``,
  ///   ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` when the graph has
  ///   more than one output, or the first error a node throws.
  public mutating func forward(inputs: [Tensor<Scalar>]) throws -> Tensor<Scalar> {
    try validateInputCount(inputs)
    try requireSingleOutput()
    return try run(inputs)[0]
  }

  /// Backpropagates through the graph as a gate.
  ///
  /// - Parameter upstream: `dL/d(output)` of the single output.
  /// - Returns: `dL/d(input)` for each input, in the order of ``inputNames``.
  /// - Throws: As the named `backward(_:)`.
  public mutating func backward(upstream: Tensor<Scalar>) throws -> [Tensor<Scalar>] {
    try requireSingleOutput()
    return try propagate([upstream])
  }

  /// Visits every node's parameters as `<node>.<name>`.
  ///
  /// - Parameter visit: Called with each parameter's path and a mutable reference.
  /// - Throws: What `visit` throws.
  public mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    for i in nodes.indices {
      let node = nodes[i].name
      try nodes[i].gate.visitParameters { name, parameter in
        try visit("\(node).\(name)", &parameter)
      }
    }
  }

  private func requireSingleOutput() throws {
    guard outputNames.count == 1 else {
      throw GateKitError.invalidArgument(
        operation: description,
        reason:
          "a graph with \(outputNames.count) outputs is used by name, not as a single-output gate")
    }
  }
}

extension Graph: CompositeGate {
  /// Runs the graph on a copy, recording each node's inputs, where they come from and,
  /// given `upstream`, the gradient of its output (summed over the gates that read it).
  /// Children are named by their node names.
  ///
  /// - Parameters:
  ///   - inputs: The graph's inputs, in the order of ``inputNames``.
  ///   - upstream: The gradient of the single output, or `nil` for a forward pass only.
  /// - Returns: The output and one record per node, in topological order.
  /// - Throws: What the nodes throw, a wrong input count, or more than one output.
  public func trace(inputs: [Tensor<Scalar>], upstream: Tensor<Scalar>?) throws -> GateTrace<
    Scalar
  > {
    var copy = self
    let output = try copy.forward(inputs: inputs)
    if let upstream { _ = try copy.backward(upstream: upstream) }
    let values = try cached(copy.values)
    let children = nodes.indices.map { i in
      ChildTrace(
        path: nodes[i].name, gate: nodes[i].gate,
        inputs: topology.inputSlots[i].map { values[$0] },
        upstream: upstream == nil ? nil : copy.gradients[inputCount + i],
        sources: topology.inputSlots[i].map(source(ofSlot:)))
    }
    return GateTrace(
      output: output, children: children, outputSource: source(ofSlot: topology.outputSlots[0]))
  }

  /// The input or node that a slot holds.
  private func source(ofSlot slot: Int) -> TraceSource {
    slot < inputCount ? .input(slot) : .child(slot - inputCount)
  }
}
