import GateKitCore

/// Tensors by name, in a declared order: what a ``Graph`` returns from `forward(_:)` (its
/// outputs) and `backward(_:)` (its input gradients). Reading a name that is not there
/// throws, with the closest name it may misspell, instead of returning an optional.
///
/// ```swift
/// var circuit = try Graph<Double>(inputs: "x", outputs: "y") { GraphNode("y", Square(), inputs: "x") }
/// let outputs = try circuit.forward(["x": 3])
/// let y = try outputs["y"]  // 9
/// ```
public struct NamedTensors<Scalar: TensorScalar>: Sendable, Equatable, CustomStringConvertible,
  ExpressibleByDictionaryLiteral
{
  /// The names, in the graph's declared order.
  public let names: [String]
  /// The tensors by name.
  public let dictionary: [String: Tensor<Scalar>]
  private let role: String

  /// Tensors under the given names, in order.
  ///
  /// - Parameters:
  ///   - names: The names, without duplicates.
  ///   - tensors: One tensor per name.
  ///   - role: What the tensors are, for errors (`outputs`, `input gradients`).
  init(names: [String], tensors: [Tensor<Scalar>], role: String) {
    self.names = names
    self.dictionary = Dictionary(zip(names, tensors)) { first, _ in first }
    self.role = role
  }

  /// Tensors from a literal, as in `#expect(try graph.forward(["a": 1]) == ["z": 8])`.
  ///
  /// - Parameter elements: Name–tensor pairs; a repeated name keeps its first tensor.
  public init(dictionaryLiteral elements: (String, Tensor<Scalar>)...) {
    self.init(names: elements.map(\.0), tensors: elements.map(\.1), role: "tensors")
  }

  /// The tensor under `name`.
  ///
  /// - Parameter name: One of ``names``.
  /// - Throws: ``/GateKitCore/GateKitError/unknownNode(name:referencedBy:closest:)`` for
  ///   any other name.
  public subscript(name: String) -> Tensor<Scalar> {
    get throws {
      guard let tensor = dictionary[name] else {
        throw GateKitError.unknownNode(
          name: name, referencedBy: role, closest: closestName(to: name, among: names))
      }
      return tensor
    }
  }

  /// `["y": [9.0]]`: the names in order with their tensors.
  public var description: String {
    "["
      + names.map { "\"\($0)\": \(dictionary[$0].map { "\($0)" } ?? "")" }
      .joined(separator: ", ") + "]"
  }

  /// Whether both hold the same tensors under the same names (order aside).
  ///
  /// - Parameters:
  ///   - lhs: Named tensors.
  ///   - rhs: Other named tensors.
  /// - Returns: `true` if the dictionaries are equal.
  public static func == (lhs: NamedTensors, rhs: NamedTensors) -> Bool {
    lhs.dictionary == rhs.dictionary
  }
}
