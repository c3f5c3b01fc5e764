import GateKitCore

/// A gate flattened into its leaf gates and their wiring, with every value at the point
/// being checked: what the checker perturbs and re-evaluates.
///
/// A ``CompositeGate`` whose trace names its wiring is replaced by its children, recursively;
/// anything else (a leaf, or a composite that does not describe its wiring or whose
/// wiring does not reproduce its output) is one node run whole. Flattening lets a probe
/// re-run only the gates downstream of the value it moves, read each piecewise gate's
/// inputs for kinks without extra passes, and keep constant values constant inside.
struct Circuit<S: TensorScalar> {
  /// Where a node's input comes from: a subject input or an earlier node's output.
  enum Source: Hashable {
    case input(Int)
    case node(Int)
  }

  /// A leaf gate of the flattened subject.
  struct Node {
    /// Its path inside the subject (`layers.1.m`), the prefix of its parameters' paths.
    var path: String
    /// The gate, before any pass.
    var gate: any Gate<S>
    /// Where each of its inputs comes from.
    var sources: [Source]
    /// How many parameters it visits.
    var parameterCount: Int
    /// Whether it declares kinks, or is a composite run whole (which may hold some).
    var isPiecewise: Bool
    /// Its function when only the changed elements need recomputing (`Double` only).
    var elementwise: ElementwiseFunction?
    /// The node as a layer that recomputes one output column for a moved weight (`Double`
    /// only, verified at the point).
    var columnwise: (any ColumnwiseGate<S>)?
  }

  /// The subject's inputs at the point.
  var inputs: [Tensor<S>]
  /// The leaves, in an order where each comes after the nodes it reads.
  var nodes: [Node]
  /// Each node's output at the point.
  var values: [Tensor<S>]
  /// Where the subject's output comes from.
  var output: Source
  /// For each parameter of the subject, in its visiting order: the node that owns it and
  /// its position among that node's parameters.
  var parameterOwners: [(node: Int, index: Int)]
  /// The paths of composites run whole because their trace does not describe wiring that
  /// reproduces their output (empty: the subject was followed down to its leaves).
  var wholeComposites: [String] = []
  /// Whether one probe may cross several kinks at once: the subject has several nodes, or
  /// a composite runs whole.
  var defersKinks: Bool { nodes.count > 1 || nodes.contains { $0.gate is any CompositeGate<S> } }

  /// Flattens `gate` at `inputs`. Throws only what the subject's own forward pass throws.
  init(_ gate: some Gate<S>, inputs: [Tensor<S>]) throws {
    var whole = gate
    let output = try whole.forward(inputs: inputs)
    self.inputs = inputs
    nodes = []
    values = []
    self.output = .input(0)
    parameterOwners = []
    let sources = inputs.indices.map(Source.input)
    if let flat = try? flatten(gate, path: "", sources: sources), bitwiseEqual(value(flat), output),
      let owners = Self.owners(of: gate, in: nodes)
    {
      self.output = flat
      parameterOwners = owners
    } else {
      wholeComposites = gate is any CompositeGate<S> ? [""] : []
      nodes = [Self.node(gate, path: "", sources: sources)]
      values = [output]
      self.output = .node(0)
      parameterOwners = gate.parameters.indices.map { (0, $0) }
    }
    enableShortcuts()
  }

  /// The value a source holds at the point.
  func value(_ source: Source) -> Tensor<S> {
    switch source {
    case .input(let index): inputs[index]
    case .node(let index): values[index]
    }
  }

  /// The subject's output at the point.
  var outputValue: Tensor<S> { value(output) }

  /// The inputs of node `index` at the point.
  func nodeInputs(_ index: Int) -> [Tensor<S>] { nodes[index].sources.map(value) }

  // MARK: Flattening

  private static func node(_ gate: any Gate<S>, path: String, sources: [Source]) -> Node {
    Node(
      path: path, gate: gate, sources: sources, parameterCount: gate.parameters.count,
      isPiecewise: gate is any PiecewiseDifferentiable<S> || gate is any CompositeGate<S>,
      elementwise: nil, columnwise: nil)
  }

  /// Appends the leaves of `gate` (reading `sources`) and returns where its output is.
  private mutating func flatten(_ gate: any Gate<S>, path: String, sources: [Source]) throws
    -> Source
  {
    let localInputs = sources.map(value)
    if let composite = gate as? any CompositeGate<S>,
      let trace = try? composite.trace(inputs: localInputs, upstream: nil),
      let outputSource = trace.outputSource
    {
      let (mark, wholeMark) = (nodes.count, wholeComposites.count)
      var childOutputs: [Source] = []
      for child in trace.children {
        guard let local = child.sources,
          let mapped = Self.map(local, inputs: sources, children: childOutputs),
          mapped.count == child.inputs.count,
          zip(mapped, child.inputs).allSatisfy({ bitwiseEqual(value($0), $1) }),
          let result = try? flatten(child.gate, path: join(path, child.path), sources: mapped)
        else { break }
        childOutputs.append(result)
      }
      if childOutputs.count == trace.children.count,
        let out = Self.map([outputSource], inputs: sources, children: childOutputs)?.first,
        bitwiseEqual(value(out), trace.output)
      {
        return out
      }
      nodes.removeSubrange(mark...)
      values.removeSubrange(mark...)
      wholeComposites.removeSubrange(wholeMark...)
    }
    if gate is any CompositeGate<S> { wholeComposites.append(path) }
    var copy = gate
    let y = try copy.forward(inputs: localInputs)
    nodes.append(Self.node(gate, path: path, sources: sources))
    values.append(y)
    return .node(nodes.count - 1)
  }

  /// A composite's local sources in terms of the circuit's, or `nil` for a reference out
  /// of range or to a later child.
  private static func map(_ local: [TraceSource], inputs: [Source], children: [Source])
    -> [Source]?
  {
    var result: [Source] = []
    for source in local {
      switch source {
      case .input(let index) where inputs.indices.contains(index): result.append(inputs[index])
      case .child(let index) where children.indices.contains(index):
        result.append(children[index])
      default: return nil
      }
    }
    return result
  }

  /// Matches the subject's parameter paths with the nodes' (`<node path>.<name>`); `nil`
  /// unless every path is found exactly once with the same value.
  private static func owners(of gate: some Gate<S>, in nodes: [Node]) -> [(node: Int, index: Int)]?
  {
    var byPath: [String: (node: Int, index: Int, value: Tensor<S>)] = [:]
    for (n, node) in nodes.enumerated() {
      for (index, item) in node.gate.parameters.enumerated() {
        let path = join(node.path, item.path)
        guard byPath.updateValue((n, index, item.parameter.value), forKey: path) == nil else {
          return nil
        }
      }
    }
    var owners: [(node: Int, index: Int)] = []
    for item in gate.parameters {
      guard let found = byPath.removeValue(forKey: item.path),
        bitwiseEqual(found.value, item.parameter.value)
      else { return nil }
      owners.append((found.node, found.index))
    }
    return byPath.isEmpty ? owners : nil
  }

  /// Marks built-in element-wise nodes whose output is their function of their input, bit
  /// for bit, so that a probe recomputes only the changed elements, and dense layers whose
  /// one-column product gives the bits of their first and last output column, so that a
  /// probe of one weight recomputes one column. `Double` only: its kernels compute each
  /// element alone, whatever its neighbours, and sum a column as the whole product does.
  private mutating func enableShortcuts() {
    guard S.self == Double.self else { return }
    for n in nodes.indices where nodes[n].sources.count == 1 {
      let input = value(nodes[n].sources[0])
      if let gate = nodes[n].gate as? any ElementwiseGate<S> {
        let function = gate.elementwiseFunction
        if bitwiseEqual(input.applying(function), values[n]) { nodes[n].elementwise = function }
      }
      if let gate = nodes[n].gate as? any ColumnwiseGate<S>, values[n].rank == 2,
        values[n].shape[1] > 0
      {
        let last = values[n].shape[1] - 1
        let matches = [0, last].allSatisfy { column in
          guard let computed = try? gate.outputColumn(column, at: input) else { return false }
          return bitwiseEqual(computed, Self.column(column, of: values[n]))
        }
        if matches { nodes[n].columnwise = gate }
      }
    }
  }

  /// Column `j` of a matrix, as a vector.
  private static func column(_ j: Int, of matrix: Tensor<S>) -> Tensor<S> {
    let (rows, width) = (matrix.shape[0], matrix.shape[1])
    return Tensor((0..<rows).map { matrix.scalars[$0 * width + j] })
  }

  // MARK: Constants and dependencies

  /// Which sources are constant: the constant inputs, nodes at the `constantPaths`
  /// (absolute: `prefix` joined with the node path), and nodes without parameters that
  /// read only constants.
  func constants(inputs constantInputs: Set<Int>, values constantPaths: Set<String>, prefix: String)
    -> Set<Source>
  {
    var result = Set(constantInputs.map(Source.input))
    for (n, node) in nodes.enumerated() {
      let named = constantPaths.contains(join(prefix, node.path))
      let derived =
        node.parameterCount == 0 && !node.sources.isEmpty
        && node.sources.allSatisfy(result.contains)
      if named || derived { result.insert(.node(n)) }
    }
    return result
  }

  /// The nodes whose output changes when the given sources change, in evaluation order.
  func downstream(of changed: Set<Source>) -> [Int] {
    var dirty = changed
    var order: [Int] = []
    for (n, node) in nodes.enumerated()
    where dirty.contains(.node(n)) || node.sources.contains(where: dirty.contains) {
      dirty.insert(.node(n))
      order.append(n)
    }
    return order
  }
}

/// `a.b`, or the non-empty one of the two.
func join(_ prefix: String, _ path: String) -> String {
  prefix.isEmpty ? path : path.isEmpty ? prefix : prefix + "." + path
}

/// Whether two tensors have the same shape and the same bits in every element.
@_specialize(where S == Double)
@_specialize(where S == Float)
func bitwiseEqual<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Bool {
  guard a.shape == b.shape else { return false }
  return a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      zip(a, b).allSatisfy { $0.doubleValue.bitPattern == $1.doubleValue.bitPattern }
    }
  }
}
