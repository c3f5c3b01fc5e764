import GateKitComposers
import GateKitCore

/// A picture of one pass through a circuit, drawn as in the cs231n notes: each wire shows
/// the value that flowed forward along it (green) over the gradient that flowed back along
/// it (red). ``dot`` renders it in Graphviz's DOT language.
///
/// The diagram has a node for each input, one for each gate (labelled with its name and
/// the gate's description, such as `u` over `Multiply`) and one for each output, and a wire
/// from the value a gate reads to that gate, for every input of every gate. When a value
/// feeds several gates (a fork), each branch carries the gradient *that* consumer sends
/// back, its input gradient for that input; the value's total gradient, which the
/// composer passes on, is the sum over its branches (including the wire to an output
/// node, which carries the gradient given from outside).
///
/// Scalars and tensors of at most four elements print their numbers (integral values as
/// integers, others to four decimals, or four significant digits below 0.1); larger
/// tensors print their shape and Euclidean norm, such as `[32×10], norm 3.162`.
///
/// ```swift
/// let circuit = try Graph<Double>(inputs: "a", "b", "c", outputs: "J") {
///   GraphNode("u", Multiply(), inputs: "b", "c")
///   GraphNode("v", Add(), inputs: "a", "u")
///   GraphNode("J", try Scale(3), inputs: "v")
/// }
/// var diagram = try CircuitDiagram(circuit, inputs: ["a": 5, "b": 3, "c": 2], upstream: 1)
/// diagram.title = "J = 3(a + bc)"
/// try diagram.dot.write(toFile: "s1.dot", atomically: true, encoding: .utf8)  // Foundation
/// ```
///
/// Render the text with `dot -Tsvg s1.dot -o s1.svg`.
public struct CircuitDiagram: Sendable {
  /// An input, a gate or an output of the circuit.
  public struct Node: Sendable, Hashable {
    /// What a node stands for.
    public enum Role: Sendable, Hashable {
      /// An input of the circuit.
      case input
      /// A gate of the circuit.
      case gate
      /// An output of the circuit.
      case output
    }

    /// The node's identifier in the DOT text: the role and the name, such as `input:a`,
    /// `gate:u` or `output:J`, so that an output named like its gate stays a node of its own.
    public var id: String
    /// The input's, gate's or output's name.
    public var name: String
    /// The gate's description (`Multiply`, `Dense(2 → 3)`), or `nil` for inputs and outputs.
    public var detail: String?
    /// What the node stands for.
    public var role: Role

    /// A node.
    ///
    /// - Parameters:
    ///   - id: The identifier in the DOT text; unique in a diagram.
    ///   - name: The name drawn on the node.
    ///   - detail: A second line, such as the gate's description, or `nil`.
    ///   - role: What the node stands for.
    public init(id: String, name: String, detail: String? = nil, role: Role) {
      self.id = id
      self.name = name
      self.detail = detail
      self.role = role
    }
  }

  /// A wire from the node that produces a value to a node that reads it.
  public struct Wire: Sendable, Hashable {
    /// The ``CircuitDiagram/Node/id`` of the producing node.
    public var source: String
    /// The ``CircuitDiagram/Node/id`` of the reading node.
    public var target: String
    /// The value that flowed forward along the wire, as printed.
    public var value: String
    /// The gradient that flowed back along this wire, as printed, or `nil` when the
    /// diagram was made without an upstream gradient.
    public var gradient: String?

    /// A wire.
    ///
    /// - Parameters:
    ///   - source: The identifier of the producing node.
    ///   - target: The identifier of the reading node.
    ///   - value: The forward value, as printed.
    ///   - gradient: The gradient along this wire, as printed, or `nil`.
    public init(source: String, target: String, value: String, gradient: String? = nil) {
      self.source = source
      self.target = target
      self.value = value
      self.gradient = gradient
    }
  }

  /// A caption drawn above the circuit, such as the formula it computes.
  public var title: String?
  /// The inputs, then the gates in the order they run, then the outputs.
  public private(set) var nodes: [Node]
  /// The wires into each gate in the order the gates run (each gate's inputs in order),
  /// then the wires into the outputs.
  public private(set) var wires: [Wire]

  /// A diagram of a circuit's nodes and wires, for renderers other than ``dot``.
  ///
  /// - Parameters:
  ///   - nodes: The nodes.
  ///   - wires: The wires between them, by node identifier.
  ///   - title: A caption, or `nil`.
  public init(nodes: [Node], wires: [Wire], title: String? = nil) {
    self.nodes = nodes
    self.wires = wires
    self.title = title
  }
}

// MARK: - Graphs

extension CircuitDiagram {
  /// The diagram of a graph with one output (or of any graph's forward pass only): runs
  /// the graph forward on a copy and, given `upstream`, backward.
  ///
  /// ```swift
  /// let diagram = try CircuitDiagram(circuit, inputs: ["a": 5, "b": 3, "c": 2], upstream: 1)
  /// ```
  ///
  /// - Parameters:
  ///   - graph: The circuit; it is not changed.
  ///   - inputs: A tensor for every input name.
  ///   - upstream: The gradient of the single output, or `nil` to show values only.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` when `upstream` is
  ///   given for a graph with several outputs, or what the graph's `forward(_:)` and
  ///   `backward(_:)` throw (a missing or unknown input, a shape mismatch).
  public init<Scalar: TensorScalar>(
    _ graph: Graph<Scalar>, inputs: [String: Tensor<Scalar>], upstream: Tensor<Scalar>? = nil
  ) throws {
    var upstreams: [String: Tensor<Scalar>]?
    if let upstream {
      guard graph.outputNames.count == 1 else {
        throw GateKitError.invalidArgument(
          operation: "CircuitDiagram",
          reason:
            "a graph with \(graph.outputNames.count) outputs takes upstream gradients by name"
        )
      }
      upstreams = [graph.outputNames[0]: upstream]
    }
    try self.init(graph: graph, inputs: inputs, upstreams: upstreams)
  }

  /// The diagram of a graph's forward and backward pass with upstream gradients given by
  /// output name; an output left out contributes no gradient.
  ///
  /// ```swift
  /// let diagram = try CircuitDiagram(twoOutputs, inputs: ["x": 3], upstream: ["y": 1])
  /// ```
  ///
  /// - Parameters:
  ///   - graph: The circuit; it is not changed.
  ///   - inputs: A tensor for every input name.
  ///   - upstream: `dL/d(output)` for some or all output names.
  /// - Throws: What the graph's `forward(_:)` and `backward(_:)` throw.
  public init<Scalar: TensorScalar>(
    _ graph: Graph<Scalar>, inputs: [String: Tensor<Scalar>], upstream: [String: Tensor<Scalar>]
  ) throws {
    try self.init(graph: graph, inputs: inputs, upstreams: upstream)
  }

  private init<Scalar: TensorScalar>(
    graph: Graph<Scalar>, inputs: [String: Tensor<Scalar>], upstreams: [String: Tensor<Scalar>]?
  ) throws {
    var pass = graph
    let outputs = try pass.forward(inputs)
    if let upstreams { _ = try pass.backward(upstreams) }

    let inputNames = Set(graph.inputNames)
    func source(_ name: String) -> String {
      inputNames.contains(name) ? "input:" + name : "gate:" + name
    }
    var nodes = graph.inputNames.map { Node(id: "input:" + $0, name: $0, role: .input) }
    var wires: [Wire] = []
    for node in pass.nodes {
      let target = "gate:" + node.name
      nodes.append(Node(id: target, name: node.name, detail: "\(node.gate)", role: .gate))
      let values = try node.inputs.map { try pass.value(of: $0) }
      let gradients = try upstreams.map { _ in
        try Self.inputGradients(
          of: node.gate, inputs: values, upstream: pass.gradient(of: node.name),
          path: node.name)
      }
      for (index, name) in node.inputs.enumerated() {
        wires.append(
          Wire(
            source: source(name), target: target, value: Self.text(values[index]),
            gradient: gradients.map { Self.text($0[index]) }))
      }
    }
    for name in graph.outputNames {
      let value = try outputs[name]
      nodes.append(Node(id: "output:" + name, name: name, role: .output))
      wires.append(
        Wire(
          source: source(name), target: "output:" + name, value: Self.text(value),
          gradient: upstreams.map { Self.text($0[name] ?? Tensor(zerosLike: value)) }))
    }
    self.init(nodes: nodes, wires: wires)
  }
}

// MARK: - Sequential

extension CircuitDiagram {
  /// The diagram of a sequential model as a chain, `input → layers.0 → layers.1 → … →
  /// output`: runs it forward on a copy and, given `upstream`, backward.
  ///
  /// ```swift
  /// let diagram = try CircuitDiagram(model, input: [0.5, -1], upstream: [1, 0, 0])
  /// ```
  ///
  /// - Parameters:
  ///   - model: The model; it is not changed.
  ///   - input: The first layer's input.
  ///   - upstream: The gradient of the last layer's output, or `nil` to show values only.
  /// - Throws: What the layers' passes throw, or a shape mismatch of `upstream`.
  public init<Scalar: TensorScalar>(
    _ model: Sequential<Scalar>, input: Tensor<Scalar>, upstream: Tensor<Scalar>? = nil
  ) throws {
    let trace = try model.trace(inputs: [input], upstream: upstream)
    var nodes = [Node(id: "input:input", name: "input", role: .input)]
    var wires: [Wire] = []
    var previous = "input:input"
    for child in trace.children {
      let target = "gate:" + child.path
      nodes.append(Node(id: target, name: child.path, detail: "\(child.gate)", role: .gate))
      let gradient =
        try upstream == nil
        ? nil
        : Self.inputGradients(
          of: child.gate, inputs: child.inputs, upstream: child.upstream, path: child.path)[0]
      wires.append(
        Wire(
          source: previous, target: target, value: Self.text(child.inputs[0]),
          gradient: gradient.map(Self.text)))
      previous = target
    }
    nodes.append(Node(id: "output:output", name: "output", role: .output))
    wires.append(
      Wire(
        source: previous, target: "output:output", value: Self.text(trace.output),
        gradient: upstream.map(Self.text)))
    self.init(nodes: nodes, wires: wires)
  }
}

// MARK: - Branch gradients

extension CircuitDiagram {
  /// What one gate sends back to each of its inputs: its forward pass rerun on a copy, then
  /// its backward pass from `upstream` (zeros when no gradient reached the gate).
  private static func inputGradients<Scalar>(
    of gate: any Gate<Scalar>, inputs: [Tensor<Scalar>], upstream: Tensor<Scalar>?,
    path: String
  ) throws -> [Tensor<Scalar>] {
    guard let upstream else { return inputs.map { Tensor(zerosLike: $0) } }
    var copy = gate
    _ = try copy.forward(inputs: inputs)
    let gradients = try copy.backward(upstream: upstream)
    guard gradients.count == inputs.count else {
      throw GateKitError.invalidArgument(
        operation: "\(path) = \(gate)",
        reason: "backward returned \(gradients.count) gradients for \(inputs.count) inputs")
    }
    return gradients
  }
}
