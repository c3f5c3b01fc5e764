import GateKitCore
import GateKitInitializers

/// A fully connected layer: `y = xW + b`, with `x` of shape `batch × in`, `W` of shape
/// `in × out` and `b` of shape `out`, added to every row.
///
/// Local derivatives (the vectorized rule of cs231n):
/// `dW = xᵀ·dy`, `db = Σ_rows dy` (column sums) and `dx = dy·Wᵀ`. The weight and bias
/// gradients are *accumulated* into the parameters.
///
/// Defaults: weights are Glorot/Xavier uniform, `U[−b, b)` with `b = √(6/(in + out))`;
/// the bias is zero.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// var dense = try Dense<Float>(64, 32, using: &generator)
/// let y = try dense.forward(x)  // x: [batch, 64] → y: [batch, 32]
/// ```
public struct Dense<Scalar: TensorScalar>: Layer {
  /// The weight matrix `W`, `in × out`.
  public var weight: Parameter<Scalar>
  /// The bias vector `b`, `out`.
  public var bias: Parameter<Scalar>
  /// The number of input features.
  public let inputSize: Int
  /// The number of output features.
  public let outputSize: Int
  private var input: Tensor<Scalar>?

  /// A dense layer with the given weight and bias.
  ///
  /// - Parameters:
  ///   - weight: `W`, of shape `in × out`.
  ///   - bias: `b`, of shape `out`.
  /// - Throws: `GateKitError.shapeMismatch` when the shapes do not fit together.
  public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>) throws {
    guard weight.rank == 2, weight.shape.allSatisfy({ $0 > 0 }) else {
      throw GateKitError.shapeMismatch(
        operation: "Dense", expected: "a non-empty weight matrix [in, out]", actual: weight.shape)
    }
    guard bias.shape == [weight.shape[1]] else {
      throw GateKitError.shapeMismatch(
        operation: "Dense", expected: "a bias of shape [\(weight.shape[1])]", actual: bias.shape)
    }
    self.weight = Parameter(weight)
    self.bias = Parameter(bias)
    (inputSize, outputSize) = (weight.shape[0], weight.shape[1])
  }

  /// A dense layer with initial values drawn from `generator`.
  ///
  /// - Parameters:
  ///   - inputSize: The number of input features, at least 1.
  ///   - outputSize: The number of output features, at least 1.
  ///   - weightInitializer: How to draw `W` (default Glorot uniform).
  ///   - biasInitializer: How to draw `b` (default zeros).
  ///   - generator: The source of randomness.
  /// - Throws: `GateKitError.invalidArgument` for a size below 1.
  public init(
    _ inputSize: Int, _ outputSize: Int,
    weightInitializer: some Initializer = .glorotUniform,
    biasInitializer: some Initializer = .zeros,
    using generator: inout some RandomNumberGenerator
  ) throws {
    guard inputSize > 0, outputSize > 0 else {
      throw GateKitError.invalidArgument(
        operation: "Dense(\(inputSize) → \(outputSize))", reason: "sizes must be at least 1")
    }
    try self.init(
      weight: weightInitializer.makeTensor(shape: [inputSize, outputSize], using: &generator),
      bias: biasInitializer.makeTensor(shape: [outputSize], using: &generator))
  }

  /// `Dense(64 → 32)`.
  public var description: String { Self.name(inputSize, outputSize) }

  /// The description of a dense layer of the given sizes.
  private static func name(_ inputSize: Int, _ outputSize: Int) -> String {
    "Dense(\(inputSize) → \(outputSize))"
  }

  /// Computes `y = xW + b` and caches `x`.
  ///
  /// - Parameter input: `x`, of shape `batch × in`.
  /// - Returns: `y`, of shape `batch × out`.
  /// - Throws: `GateKitError.shapeMismatch` for an input of the wrong shape.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    guard input.rank == 2, input.shape[1] == inputSize, input.shape[0] > 0 else {
      throw GateKitError.shapeMismatch(
        operation: description, expected: "input of shape [batch, \(inputSize)]",
        actual: input.shape)
    }
    // The bias rows first, then the product accumulated onto them: one pass over y.
    var output = try bias.value.broadcast(to: [input.shape[0], outputSize])
    try output.addMatmul(input, weight.value, context: description)
    self.input = input
    return output
  }

  /// `dW += xᵀ·dy`, `db += Σ_rows dy`, and returns `dx = dy·Wᵀ`.
  ///
  /// - Parameter upstream: `dL/dy`, of shape `batch × out`.
  /// - Returns: `dL/dx`, of shape `batch × in`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  @_specialize(where Scalar == Float)
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try accumulateParameterGradients(upstream)
    return try matmul(upstream, weight.value, transposingB: true, context: description)
  }

  /// `dW += xᵀ·dy` and `db += Σ_rows dy`, without computing `dx`.
  ///
  /// - Parameter upstream: `dL/dy`, of shape `batch × out`.
  /// - Throws: `GateKitError.backwardBeforeForward` or `.shapeMismatch`.
  @_specialize(where Scalar == Float)
  public mutating func accumulateParameterGradients(_ upstream: Tensor<Scalar>) throws {
    let x = try cached(input)
    try validateUpstream(upstream, outputShape: [x.shape[0], outputSize])
    let name = { [inputSize, outputSize] in Dense.name(inputSize, outputSize) }  // for errors only
    try weight.gradient.addMatmul(x, upstream, transposingA: true, context: name())
    try bias.gradient.accumulateSum(of: upstream, context: name())
  }

  /// Visits `weight` and `bias`.
  ///
  /// - Parameter visit: Called with each parameter's name and a mutable reference.
  /// - Throws: What `visit` throws.
  public mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try visit("weight", &weight)
    try visit("bias", &bias)
  }
}

extension Dense: ColumnwiseGate {
  /// `W[i, j]` and `b[j]` affect column `j` only.
  package func outputColumn(ofParameter index: Int, offset: Int) -> Int? {
    index == 0 ? offset % outputSize : (index == 1 ? offset : nil)
  }

  /// `x·W[:, j] + b[j]`: a one-column product onto the bias, which the C kernels sum in the
  /// same order as the whole product for `Double` (the checker verifies the bits).
  @_specialize(where Scalar == Double)
  package func outputColumn(_ column: Int, at input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let weights = try Tensor(
      shape: [inputSize, 1],
      scalars: (0..<inputSize).map { weight.value.scalars[$0 * outputSize + column] })
    var output = try Tensor(repeating: bias.value.scalars[column], shape: [input.shape[0], 1])
    try output.addMatmul(input, weights, context: description)
    return try Tensor(shape: [input.shape[0]], scalars: output.scalars)
  }
}
