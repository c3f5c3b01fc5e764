import GateKit

/// One gate or composition to gradient-check, with the shapes and the distribution of its
/// random inputs.
public struct GradientCheckCase: Sendable, CustomStringConvertible {
  /// Where random inputs are drawn from.
  public enum Inputs: Sendable {
    /// The standard normal distribution.
    case normal
    /// Uniform on `[0.5, 2.5)`: for gates defined on positive numbers (log).
    case positive
    /// A magnitude uniform on `[0.2, 2)` with a random sign: keeps inputs away from a kink
    /// or a pole at 0 by much more than the finite-difference step.
    case awayFromZero
  }

  /// The gate or composition.
  public var gate: any Gate<Double>
  /// The shape of each input.
  public var inputShapes: [[Int]]
  /// Names of the inputs in the report, if the gate has named inputs.
  public var inputNames: [String]?
  /// The distribution of the inputs.
  public var inputs: Inputs
  /// A short note on what the case covers, such as `broadcast` or `3 inputs`.
  public var note: String

  /// A check case.
  ///
  /// - Parameters:
  ///   - gate: The gate or composition.
  ///   - shapes: The shape of each input.
  ///   - names: Names of the inputs in the report.
  ///   - inputs: The distribution of the inputs.
  ///   - note: What the case covers.
  public init(
    _ gate: any Gate<Double>, shapes: [[Int]], names: [String]? = nil, inputs: Inputs = .normal,
    note: String = ""
  ) {
    self.gate = gate
    self.inputShapes = shapes
    self.inputNames = names
    self.inputs = inputs
    self.note = note
  }

  /// The gate and its input shapes, such as `Add [2, 3] [3]`.
  public var description: String {
    let shapes = inputShapes.map { "\($0)" }.joined(separator: " ")
    let gateName = gate.description.count > 40 ? "\(type(of: gate))" : gate.description
    return note.isEmpty ? "\(gateName) \(shapes)" : "\(gateName) \(shapes) (\(note))"
  }

  /// Random inputs for this case.
  ///
  /// - Parameter seed: The seed of the inputs.
  /// - Returns: One tensor per input shape.
  /// - Throws: ``GateKitError`` for an invalid shape.
  public func randomInputs(seed: UInt64) throws -> [Tensor<Double>] {
    var generator = SeededGenerator(seed: seed)
    return try inputShapes.map { shape in
      switch inputs {
      case .normal:
        return try Tensor.normal(shape: shape, using: &generator)
      case .positive:
        return try Tensor.uniform(shape: shape, low: 0.5, high: 2.5, using: &generator)
      case .awayFromZero:
        let magnitude = try Tensor<Double>.uniform(
          shape: shape, low: 0.2, high: 2, using: &generator)
        let sign = try Tensor<Double>.uniform(shape: shape, low: -1, high: 1, using: &generator)
        return try magnitude * sign.map { $0 < 0 ? -1 : 1 }
      }
    }
  }

  /// Runs the gradient checker on this case at random inputs.
  ///
  /// - Parameters:
  ///   - seed: The seed of the inputs and of the checker's upstream gradient.
  ///   - checker: The checker; its seed is replaced by `seed`.
  /// - Returns: The report.
  /// - Throws: What the gate throws.
  public func check(seed: UInt64, with checker: GradientChecker = GradientChecker()) throws
    -> GradientCheckReport
  {
    var checker = checker
    checker.seed = seed
    return try checker.check(gate, inputs: randomInputs(seed: seed), inputNames: inputNames)
  }
}
