import GateKitCore

// Re-evaluating a flattened circuit at a moved point: only the nodes downstream of the
// moved values run, element-wise nodes recompute only the changed elements, and the
// inputs of piecewise nodes are kept for the kink test.

extension Circuit {
  /// A value the checker moves: an element of a subject input, or of a subject parameter
  /// (by its position in the subject's visiting order).
  enum Variable: Hashable {
    case input(Int)
    case parameter(Int)
  }

  /// One element of a variable set to a value.
  struct Move {
    var variable: Variable
    var offset: Int
    var value: S
  }

  /// The circuit at a moved point.
  struct Sample {
    /// The subject's output.
    var output: Tensor<S>
    /// The inputs of the piecewise nodes the move reached.
    var piecewiseInputs: [Int: [Tensor<S>]]
  }

  /// The point itself, with the inputs of every piecewise node.
  var baseSample: Sample {
    var inputs: [Int: [Tensor<S>]] = [:]
    for n in nodes.indices where nodes[n].isPiecewise { inputs[n] = nodeInputs(n) }
    return Sample(output: outputValue, piecewiseInputs: inputs)
  }

  /// The source whose value a variable changes.
  func source(of variable: Variable) -> Source {
    switch variable {
    case .input(let index): .input(index)
    case .parameter(let index): .node(parameterOwners[index].node)
    }
  }

  /// Runs the nodes that the moves reach, in order, and returns the output.
  ///
  /// - Throws: What a node's forward pass throws at the moved point.
  @_specialize(where S == Double)
  func evaluate(_ moves: [Move], downstream dirty: [Int]) throws -> Sample {
    var movedInputs: [Int: Tensor<S>] = [:]
    var movedGates: [Int: any Gate<S>] = [:]
    var movedColumns: [Int: Set<Int?>] = [:]  // per node: the output columns its moves reach
    // Each variable is written once, all its moved elements together (a fast-mode
    // projection moves every element of every variable).
    var writes: [Variable: [(offset: Int, value: S)]] = [:]
    for move in moves { writes[move.variable, default: []].append((move.offset, move.value)) }
    for (variable, elements) in writes {
      func write(_ tensor: inout Tensor<S>) {
        tensor.withUnsafeMutableBufferPointer { buffer in
          for (offset, value) in elements { buffer[offset] = value }
        }
      }
      switch variable {
      case .input(let index):
        var tensor = movedInputs[index] ?? inputs[index]
        write(&tensor)
        movedInputs[index] = tensor
      case .parameter(let index):
        let (node, position) = parameterOwners[index]
        if let columnwise = nodes[node].columnwise {
          for (offset, _) in elements {
            movedColumns[node, default: []].insert(
              columnwise.outputColumn(ofParameter: position, offset: offset))
          }
        }
        var gate = movedGates.removeValue(forKey: node) ?? nodes[node].gate
        var visited = 0
        gate.visitParameters { _, parameter in
          if visited == position { write(&parameter.value) }
          visited += 1
        }
        movedGates[node] = gate
      }
    }
    var outputs = [Tensor<S>?](repeating: nil, count: nodes.count)
    func resolve(_ source: Source) -> Tensor<S> {
      switch source {
      case .input(let index): movedInputs[index] ?? inputs[index]
      case .node(let index): outputs[index] ?? values[index]
      }
    }
    func isClean(_ source: Source) -> Bool {
      switch source {
      case .input(let index): movedInputs[index] == nil
      case .node(let index): outputs[index] == nil
      }
    }
    var piecewise: [Int: [Tensor<S>]] = [:]
    for n in dirty {
      let inputs = nodes[n].sources.map(resolve)
      if nodes[n].isPiecewise { piecewise[n] = inputs }
      if let function = nodes[n].elementwise, movedGates[n] == nil {
        outputs[n] = recompute(n, function, at: inputs[0])
      } else if let gate = movedGates[n] as? any ColumnwiseGate<S>,
        let columns = movedColumns[n], columns.count == 1, let only = columns.first,
        let column = only,
        nodes[n].sources.allSatisfy({ isClean($0) })
      {
        // A moved weight of a dense layer whose input did not move: one column changes.
        outputs[n] = try replacing(
          column: column, of: values[n], with: gate.outputColumn(column, at: inputs[0]))
      } else {
        var gate = movedGates[n] ?? nodes[n].gate
        outputs[n] = try gate.forward(inputs: inputs)
      }
    }
    return Sample(output: resolve(output), piecewiseInputs: piecewise)
  }

  /// `matrix` with column `column` set to `values`.
  private func replacing(column: Int, of matrix: Tensor<S>, with values: Tensor<S>) -> Tensor<S> {
    var result = matrix
    let width = matrix.shape[1]
    result.withUnsafeMutableBufferPointer { result in
      values.withUnsafeBufferPointer { values in
        for row in values.indices { result[row * width + column] = values[row] }
      }
    }
    return result
  }

  /// Node `n`'s output at input `x`: its output at the point with the elements where `x`
  /// differs recomputed (or all of them when most differ).
  @_specialize(where S == Double)
  private func recompute(_ n: Int, _ function: ElementwiseFunction, at x: Tensor<S>) -> Tensor<S> {
    let base = value(nodes[n].sources[0])
    var changed: [Int] = []
    x.withUnsafeBufferPointer { x in
      base.withUnsafeBufferPointer { base in
        for i in x.indices where x[i].doubleValue.bitPattern != base[i].doubleValue.bitPattern {
          changed.append(i)
        }
      }
    }
    guard changed.count * 4 <= x.scalarCount else { return x.applying(function) }
    var y = values[n]
    guard !changed.isEmpty else { return y }
    let fresh = Tensor(changed.map { x.scalars[$0] }).applying(function)
    y.withUnsafeMutableBufferPointer { y in
      for (i, offset) in changed.enumerated() { y[offset] = fresh.scalars[i] }
    }
    return y
  }

  /// Whether the straight segment between two samples of the same move meets a kink of a
  /// piecewise node.
  func hasKink(between a: Sample, and b: Sample) -> Bool {
    for (n, inputsA) in a.piecewiseInputs {
      guard let inputsB = b.piecewiseInputs[n] else { continue }
      if Kinks.between(nodes[n].gate, inputsA, and: nodes[n].gate, inputsB) { return true }
    }
    return false
  }
}

/// The change of `L = Σ u ⊙ y` between two outputs, summed over the elements that differ
/// (so that the values common to both cancel exactly), with an estimate of the rounding
/// in it: `ε·√Σ (u·(|a| + |b|))²` over those elements, or over every element when none
/// differs (the move may have been absorbed by rounding). The change is NaN when an
/// element that differs is not finite, or when none differs and some are not finite.
struct OutputChange {
  var total: Double
  var noise: Double
  var changed: Bool
  var isFinite: Bool { total.isFinite }

  @_specialize(where S == Double)
  @_specialize(where S == Float)
  init<S: TensorScalar>(from b: Tensor<S>, to a: Tensor<S>, weights u: [Double]) {
    let epsilon = S.ulpOfOne.doubleValue
    var (total, squares, allSquares, changed, nonFinite) = (0.0, 0.0, 0.0, false, false)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        for k in a.indices {
          let (x, y) = (a[k].doubleValue, b[k].doubleValue)
          let rounding = u[k] * (Swift.abs(x) + Swift.abs(y))
          allSquares += rounding * rounding
          if !x.isFinite || !y.isFinite { nonFinite = true }
          guard x.bitPattern != y.bitPattern else { continue }
          changed = true
          total += u[k] * (x - y)
          squares += rounding * rounding
        }
      }
    }
    // Nothing changed while the output holds non-finite values: the move may have been
    // lost in them, so nothing can be concluded.
    self.total = !changed && nonFinite ? .nan : total
    self.changed = changed
    noise = epsilon * (changed ? squares : allSquares).squareRoot()
  }
}
