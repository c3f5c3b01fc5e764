import GateKitCore

/// A rule for the initial value of a parameter tensor, drawn with an explicit generator so
/// that every run can be reproduced bit for bit.
///
/// Initializers are values: pass `.glorotUniform`, `.heNormal`, `.zeros`, … where a gate
/// asks for one, or call ``makeTensor(shape:using:)`` directly.
///
/// ```swift
/// var generator = SeededGenerator(seed: 7)
/// let w: Tensor<Float> = try GlorotUniform().makeTensor(shape: [64, 32], using: &generator)
/// ```
public protocol Initializer: Sendable, CustomStringConvertible {
  /// A tensor of the given shape with values drawn by this rule.
  ///
  /// - Parameters:
  ///   - shape: The parameter's shape; see ``Fans`` for how fan-in and fan-out are read.
  ///   - generator: The source of randomness.
  /// - Returns: The initial value.
  /// - Throws: ``/GateKitCore/GateKitError/invalidShape(operation:shape:reason:)`` for an invalid
  ///   shape, or ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a shape the
  ///   rule cannot fill.
  func makeTensor<Scalar: TensorScalar>(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) throws -> Tensor<Scalar>
}

/// The fan-in and fan-out of a parameter shape, as the variance-scaling initializers use.
///
/// GateKit stores a dense weight as `input × output` (`y = xW + b`), so for a matrix
/// `fanIn = shape[0]` and `fanOut = shape[1]`. A vector has both fans equal to its length
/// and a scalar both equal to 1. For rank `r > 2` the last two dimensions are
/// `input × output` and the leading ones multiply both fans (a receptive field).
public struct Fans: Sendable, Equatable {
  /// The number of inputs feeding each output.
  public var fanIn: Int
  /// The number of outputs each input feeds.
  public var fanOut: Int

  /// The fans of a parameter shape.
  ///
  /// - Parameter shape: The parameter's shape.
  public init(shape: [Int]) {
    switch shape.count {
    case 0: (fanIn, fanOut) = (1, 1)
    case 1: (fanIn, fanOut) = (shape[0], shape[0])
    default:
      // Saturating products: the shape comes from the caller and may be absurd; the
      // initializers reject it (`Tensor.scalarCount(of:operation:)`) rather than trap here.
      let receptive = shape.dropLast(2).reduce(1, Self.saturatingProduct)
      fanIn = Self.saturatingProduct(shape[shape.count - 2], receptive)
      fanOut = Self.saturatingProduct(shape[shape.count - 1], receptive)
    }
  }

  /// `a · b`, or `Int.max` (`Int.min` for a negative product) when that overflows.
  private static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    guard overflow else { return product }
    return (a < 0) == (b < 0) ? Int.max : Int.min
  }
}
