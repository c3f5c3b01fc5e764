import GateKitCore

/// The leaky rectified linear unit, element-wise: `y = x` for `x > 0`, `y = a·x` otherwise,
/// with slope `a` (0.01 by default).
///
/// Local derivative, from the cached input: `dy/dx = 1` for `x > 0` and `a` for `x ≤ 0`
/// (the kink `x = 0` takes the slope `a`).
///
/// ```swift
/// var leaky = LeakyReLU<Double>()
/// let y = try leaky.forward([-2, 3])  // [-0.02, 3]
/// ```
public struct LeakyReLU<Scalar: TensorScalar>: Layer {
  /// The slope `a` for inputs `x ≤ 0`.
  public let slope: Scalar
  private var cache: ElementwiseCache<Scalar>

  /// A leaky ReLU gate with the default slope 0.01 (PyTorch's `negative_slope`).
  public init() {
    self.init(validSlope: 0.01)
  }

  /// A leaky ReLU gate.
  ///
  /// - Parameter slope: The slope for inputs `x ≤ 0`; any finite value (0 is ReLU, 1 the
  ///   identity, negative values are allowed as in PyTorch).
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a slope
  ///   that is not finite.
  public init(slope: Scalar) throws {
    guard slope.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "LeakyReLU", reason: "the slope must be finite, got \(slope)")
    }
    self.init(validSlope: slope)
  }

  private init(validSlope slope: Scalar) {
    self.slope = slope
    self.cache = ElementwiseCache(.leakyReLU(slope: slope.doubleValue))
  }

  /// `LeakyReLU(0.01)`.
  public var description: String { "LeakyReLU(\(slope))" }

  /// Applies `y = x > 0 ? x : a·x` and caches the input.
  ///
  /// - Parameter input: A tensor of any shape.
  /// - Returns: The output, of the same shape.
  /// - Throws: Nothing: element-wise functions accept any shape.
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    cache.forward(input)
  }

  /// `dx = dy` where the input was positive and `a · dy` elsewhere.
  ///
  /// - Parameter upstream: `dL/dy`, with the shape of the last output.
  /// - Returns: `dL/dx`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try cache.backward(upstream, gate: self)
  }
}

extension LeakyReLU: PiecewiseDifferentiable {
  /// Not differentiable at 0: the kink is met when an element changes sign or leaves or
  /// reaches 0 between `a` and `b`.
  ///
  /// - Parameters:
  ///   - a: One end: the input.
  ///   - b: The other end.
  /// - Returns: Whether an element crosses 0.
  public func hasKink(between a: [Tensor<Scalar>], and b: [Tensor<Scalar>]) -> Bool {
    guard let a = a.first, let b = b.first else { return false }
    return Tensor.segmentCrossesZero(from: a, to: b)
  }
}

extension LeakyReLU: ElementwiseGate {
  /// The function the cache applies.
  package var elementwiseFunction: ElementwiseFunction { cache.function }
}
