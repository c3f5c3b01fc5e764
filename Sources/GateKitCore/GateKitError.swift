import Foundation

/// The errors GateKit throws. Each names the gate or operation, what it expected and what
/// it got; ``description`` renders one line such as
/// `Dense(64 → 32): expected input of shape [batch, 64], got [32, 63]`.
public enum GateKitError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A tensor had a shape the operation does not accept.
  case shapeMismatch(operation: String, expected: String, actual: [Int])
  /// Tensors whose shapes do not broadcast together.
  case incompatibleShapes(operation: String, shapes: [[Int]])
  /// A shape that is invalid in itself (a negative dimension, too many scalars) or that
  /// does not match the number of scalars supplied.
  case invalidShape(operation: String, shape: [Int], reason: String)
  /// A gate received a number of inputs it does not accept.
  case wrongInputCount(gate: String, expected: ClosedRange<Int>, actual: Int)
  /// `backward` was called before any `forward`.
  case backwardBeforeForward(gate: String)
  /// An index outside a tensor's shape.
  case indexOutOfRange(operation: String, index: [Int], shape: [Int])
  /// An argument outside the values an operation accepts.
  case invalidArgument(operation: String, reason: String)
  /// A graph refers to a value that no input or node defines; `closest` is the defined name
  /// the unknown one most likely misspells, if any.
  case unknownNode(name: String, referencedBy: String, closest: String? = nil)
  /// Two inputs or nodes of a graph have the same name.
  case duplicateNode(name: String)
  /// Graph nodes that depend on each other in a cycle.
  case cycle(nodes: [String])
  /// A graph's forward pass was called without a value for one of its inputs.
  case missingInput(name: String)
  /// A parameter path that the gate does not have.
  case unknownParameter(path: String)
  /// A parameter of the gate that a source of parameters does not provide.
  case missingParameter(path: String)
  /// A NaN or an infinity where a finite number is required: `location` says where it
  /// appeared (for example the epoch, the step and the parameter path).
  case nonFinite(operation: String, location: String)
  /// A file or byte stream that is not in the format it claims: `source` names the file,
  /// `location` the line, column or byte offset, `reason` what is wrong there.
  case malformedData(source: String, location: String, reason: String)

  /// One line saying what went wrong and where.
  public var description: String {
    switch self {
    case .shapeMismatch(let operation, let expected, let actual):
      "\(operation): expected \(expected), got \(format(actual))"
    case .incompatibleShapes(let operation, let shapes):
      "\(operation): shapes \(shapes.map(format).joined(separator: " and ")) do not broadcast"
    case .invalidShape(let operation, let shape, let reason):
      "\(operation): invalid shape \(format(shape)): \(reason)"
    case .wrongInputCount(let gate, let expected, let actual):
      "\(gate): expected \(describe(expected)), got \(actual)"
    case .backwardBeforeForward(let gate):
      "\(gate): backward called before forward (nothing cached to differentiate)"
    case .indexOutOfRange(let operation, let index, let shape):
      "\(operation): index \(format(index)) is outside shape \(format(shape))"
    case .invalidArgument(let operation, let reason):
      "\(operation): \(reason)"
    case .unknownNode(let name, let referencedBy, let closest):
      "graph: '\(referencedBy)' refers to '\(name)', which no input or node defines"
        + (closest.map { " (did you mean '\($0)'?)" } ?? "")
    case .duplicateNode(let name):
      "graph: the name '\(name)' is defined more than once"
    case .cycle(let nodes):
      "graph: nodes \(nodes.joined(separator: ", ")) form a cycle"
    case .missingInput(let name):
      "graph: no value given for input '\(name)'"
    case .unknownParameter(let path):
      "no parameter at path '\(path)'"
    case .missingParameter(let path):
      "parameter '\(path)' is missing from the source"
    case .nonFinite(let operation, let location):
      "\(operation): non-finite value at \(location)"
    case .malformedData(let source, let location, let reason):
      "\(source), \(location): \(reason)"
    }
  }
}

extension GateKitError: LocalizedError {
  /// The one-line ``description``, so that `error.localizedDescription` says what went
  /// wrong rather than Foundation's generic "The operation could not be completed".
  public var errorDescription: String? { description }
}

/// Formats a shape as `[2, 3]`.
package func format(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

private func describe(_ counts: ClosedRange<Int>) -> String {
  if counts.lowerBound == counts.upperBound {
    return counts.lowerBound == 1 ? "1 input" : "\(counts.lowerBound) inputs"
  }
  if counts.upperBound == Int.max { return "at least \(counts.lowerBound) inputs" }
  return "\(counts.lowerBound) to \(counts.upperBound) inputs"
}
