import GateKitCore

/// The wiring of a graph, resolved from names to slots: slot `i < inputCount` holds graph
/// input `i`, slot `inputCount + j` holds the value of the `j`-th node in topological order.
struct GraphTopology: Sendable {
  /// The position of each node (as declared) in topological order.
  let order: [Int]
  /// For each node in topological order, the slots of its inputs.
  let inputSlots: [[Int]]
  /// The slot of each graph output.
  let outputSlots: [Int]
  /// The slot of every name.
  let slots: [String: Int]

  /// Resolves names, checks input counts and sorts the nodes so that each comes after the
  /// nodes it reads; among nodes that are ready at the same time the declared order wins.
  init<Scalar>(inputs: [String], outputs: [String], nodes: [GraphNode<Scalar>]) throws {
    var declared: [String: Int] = [:]  // name → input index, or inputs.count + node index
    for (index, name) in (inputs + nodes.map(\.name)).enumerated() {
      guard !name.isEmpty else {
        throw GateKitError.invalidArgument(operation: "Graph", reason: "names cannot be empty")
      }
      guard declared.updateValue(index, forKey: name) == nil else {
        throw GateKitError.duplicateNode(name: name)
      }
    }
    let names = inputs + nodes.map(\.name)
    for node in nodes {
      if let unknown = node.inputs.first(where: { declared[$0] == nil }) {
        throw GateKitError.unknownNode(
          name: unknown, referencedBy: node.name, closest: closestName(to: unknown, among: names))
      }
      guard node.gate.acceptedInputCounts.contains(node.inputs.count) else {
        throw GateKitError.wrongInputCount(
          gate: "\(node.name) = \(node.gate)", expected: node.gate.acceptedInputCounts,
          actual: node.inputs.count)
      }
    }
    guard !outputs.isEmpty else {
      throw GateKitError.invalidArgument(operation: "Graph", reason: "a graph needs an output")
    }
    if let unknown = outputs.first(where: { declared[$0] == nil }) {
      throw GateKitError.unknownNode(
        name: unknown, referencedBy: "outputs", closest: closestName(to: unknown, among: names))
    }
    guard Set(outputs).count == outputs.count else {
      throw GateKitError.invalidArgument(operation: "Graph", reason: "an output is listed twice")
    }

    // Kahn's algorithm, always taking the first ready node in declared order.
    let dependencies = nodes.map { node in
      Set(node.inputs.compactMap { declared[$0] }.filter { $0 >= inputs.count })
    }
    var done = Set(0..<inputs.count)
    var order: [Int] = []
    var waiting = Array(nodes.indices)
    while let next = waiting.firstIndex(where: { dependencies[$0].isSubset(of: done) }) {
      let node = waiting.remove(at: next)
      order.append(node)
      done.insert(inputs.count + node)
    }
    guard waiting.isEmpty else {
      // Drop the stuck nodes that merely read from a cycle; what remains lies on one.
      while let sink = waiting.firstIndex(where: { node in
        !waiting.contains { dependencies[$0].contains(inputs.count + node) }
      }) {
        waiting.remove(at: sink)
      }
      throw GateKitError.cycle(nodes: waiting.map { nodes[$0].name })
    }

    var slots = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1, $0) })
    for (position, node) in order.enumerated() { slots[nodes[node].name] = inputs.count + position }
    self.order = order
    self.slots = slots
    // Every name was resolved above, so the fallbacks are never taken.
    self.inputSlots = order.map { node in nodes[node].inputs.map { slots[$0] ?? 0 } }
    self.outputSlots = outputs.map { slots[$0] ?? 0 }
  }
}
