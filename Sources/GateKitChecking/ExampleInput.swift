import GateKitCore

/// An example input for ``GateConformance``: a shape and where its values come from.
///
/// ```swift
/// let inputs: [ExampleInput] = [.normal([4, 3]), .labels(Tensor([0, 2, 1, 1]))]
/// ```
public struct ExampleInput: Sendable {
  /// Where the values come from.
  public enum Values: Sendable {
    /// Standard normal samples.
    case normal
    /// Uniform samples in a range.
    case uniform(ClosedRange<Double>)
    /// Magnitudes uniform in a range of positive numbers, with random signs: keeps inputs
    /// away from a singularity at 0 (division, reciprocal).
    case awayFromZero(ClosedRange<Double>)
    /// These exact values.
    case fixed(Tensor<Double>)
  }

  /// The input's shape.
  public var shape: [Int]
  /// Where the values come from.
  public var values: Values
  /// Whether the input's gradient is checked (`false` for targets such as class labels).
  public var isDifferentiable: Bool

  /// An example input.
  ///
  /// - Parameters:
  ///   - shape: The shape.
  ///   - values: Where the values come from.
  ///   - isDifferentiable: Whether the input's gradient is checked.
  public init(shape: [Int], values: Values = .normal, isDifferentiable: Bool = true) {
    self.shape = shape
    self.values = values
    self.isDifferentiable = isDifferentiable
  }

  /// Standard normal values.
  ///
  /// - Parameter shape: The shape.
  /// - Returns: The input.
  public static func normal(_ shape: [Int]) -> ExampleInput { ExampleInput(shape: shape) }

  /// Uniform values in `range`.
  ///
  /// - Parameters:
  ///   - shape: The shape.
  ///   - range: The range.
  /// - Returns: The input.
  public static func uniform(_ shape: [Int], in range: ClosedRange<Double>) -> ExampleInput {
    ExampleInput(shape: shape, values: .uniform(range))
  }

  /// Values in `±[0.2, 2]`, never near 0.
  ///
  /// - Parameter shape: The shape.
  /// - Returns: The input.
  public static func awayFromZero(_ shape: [Int]) -> ExampleInput {
    ExampleInput(shape: shape, values: .awayFromZero(0.2...2))
  }

  /// Fixed values whose gradient is not checked: targets, class labels.
  ///
  /// - Parameter values: The values.
  /// - Returns: The input.
  public static func labels(_ values: Tensor<Double>) -> ExampleInput {
    ExampleInput(shape: values.shape, values: .fixed(values), isDifferentiable: false)
  }

  /// Fixed values whose gradient is checked.
  ///
  /// - Parameter values: The values.
  /// - Returns: The input.
  public static func fixed(_ values: Tensor<Double>) -> ExampleInput {
    ExampleInput(shape: values.shape, values: .fixed(values))
  }

  /// Samples the input.
  ///
  /// - Parameter generator: The source of randomness.
  /// - Returns: The values.
  /// - Throws: ``/GateKitCore/GateKitError`` for an invalid shape or range.
  public func sample(using generator: inout some RandomNumberGenerator) throws -> Tensor<Double> {
    switch values {
    case .normal:
      return try Tensor.normal(shape: shape, using: &generator)
    case .uniform(let range):
      return try Tensor.uniform(
        shape: shape, low: range.lowerBound, high: range.upperBound, using: &generator)
    case .awayFromZero(let range):
      let magnitude = try Tensor<Double>.uniform(
        shape: shape, low: range.lowerBound, high: range.upperBound, using: &generator)
      let sign = try Tensor<Double>.uniform(shape: shape, low: -1, high: 1, using: &generator)
      return try magnitude * sign.map { $0 < 0 ? -1 : 1 }
    case .fixed(let tensor):
      return tensor
    }
  }
}
