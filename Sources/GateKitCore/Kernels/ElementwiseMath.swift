import GateKitKernels

// The element-wise functions in one place: the two tensor entry points a gate calls, the
// Float and Double kernels behind them, and, for each function, its forward formula and its
// local derivative side by side. A gate's backward pass reaches its one line of math here:
// Sigmoid.swift → ElementwiseCache.swift → this file.
//
// The set of functions (``ElementwiseFunction``) is closed: a gate from another package
// composes tensor operations instead (Docs/AddingAGate.md shows how, and what it costs).

extension Tensor {
  /// The element-wise function applied to every scalar: `y[i] = f(x[i])`.
  ///
  /// ```swift
  /// let y = x.applying(.sigmoid)
  /// ```
  ///
  /// - Parameter function: The function.
  /// - Returns: A tensor of the same shape.
  @_specialize(where Scalar == Float)
  public func applying(_ function: ElementwiseFunction) -> Tensor {
    Tensor(validShape: shape, count: scalarCount) { result in
      withUnsafeBufferPointer { Scalar.apply(function, $0, into: result) }
    }
  }

  /// The backward pass of an element-wise function: `dx[i] = dy[i] · f′(x[i])`.
  ///
  /// `operand` is the forward pass's input or output, as
  /// ``ElementwiseFunction/derivativeOperand`` says; each function's derivative is next to
  /// its formula below, in `elementwise(_:_:)`.
  ///
  /// - Parameters:
  ///   - function: The function that the forward pass applied.
  ///   - operand: Its cached input or output.
  ///   - upstream: The gradient of the loss with respect to the output.
  ///   - gate: The gate to name in the error.
  /// - Returns: The gradient with respect to the input.
  /// - Throws: ``GateKitError/shapeMismatch(operation:expected:actual:)`` when `upstream`
  ///   does not have the shape of `operand`.
  @_specialize(where Scalar == Float)
  public static func gradient(
    through function: ElementwiseFunction, operand: Tensor, upstream: Tensor,
    gate: @autoclosure () -> String
  ) throws -> Tensor {
    guard upstream.shape == operand.shape else {
      throw GateKitError.shapeMismatch(
        operation: gate(), expected: "upstream gradient of shape \(format(operand.shape))",
        actual: upstream.shape)
    }
    return Tensor(validShape: operand.shape, count: operand.scalarCount) { result in
      operand.withUnsafeBufferPointer { v in
        upstream.withUnsafeBufferPointer { dy in
          Scalar.applyDerivative(of: function, operand: v, upstream: dy, into: result)
        }
      }
    }
  }
}

extension Float {
  /// Runs the C kernels for `exp`, `sigmoid`, `tanh` and (leaky) ReLU (AVX2 + FMA where the
  /// CPU has them), the Swift loops below for the other functions.
  ///
  /// - Parameters:
  ///   - function: The function to apply.
  ///   - x: The operand.
  ///   - y: The result, same count; may be `x`.
  public static func apply(
    _ function: ElementwiseFunction, _ x: UnsafeBufferPointer<Float>,
    into y: UnsafeMutableBufferPointer<Float>
  ) {
    guard let input = x.baseAddress, let output = y.baseAddress else { return }
    switch function {
    case .exp: gk_sexp(input, output, x.count)
    case .sigmoid: gk_ssigmoid(input, output, x.count)
    case .tanh: gk_stanh(input, output, x.count)
    case .relu: gk_srelu(input, output, x.count, 0)
    case .leakyReLU(let slope): gk_srelu(input, output, x.count, Float(slope))
    default: elementwise(function, .forward(x: x, y: y))
    }
  }

  /// Runs the C (leaky) ReLU derivative kernel, the Swift loops below for the other
  /// functions.
  ///
  /// - Parameters:
  ///   - function: The function whose derivative to apply.
  ///   - operand: The cached input or output of the forward pass.
  ///   - upstream: The upstream gradient `dy`, same count as `operand`.
  ///   - result: The input gradient `dx`, same count; may alias `upstream`.
  public static func applyDerivative(
    of function: ElementwiseFunction, operand: UnsafeBufferPointer<Float>,
    upstream: UnsafeBufferPointer<Float>, into result: UnsafeMutableBufferPointer<Float>
  ) {
    guard let v = operand.baseAddress, let dy = upstream.baseAddress,
      let dx = result.baseAddress
    else { return }
    switch function {
    case .relu: gk_srelu_backward(v, dy, dx, result.count, 0)
    case .leakyReLU(let slope): gk_srelu_backward(v, dy, dx, result.count, Float(slope))
    default: elementwise(function, .backward(operand: operand, upstream: upstream, dx: result))
    }
  }
}

extension Double {
  /// Runs the Swift loop of `function` below, specialized for `Double`.
  ///
  /// - Parameters:
  ///   - function: The function to apply.
  ///   - x: The operand.
  ///   - y: The result, same count; may be `x`.
  public static func apply(
    _ function: ElementwiseFunction, _ x: UnsafeBufferPointer<Double>,
    into y: UnsafeMutableBufferPointer<Double>
  ) {
    elementwise(function, .forward(x: x, y: y))
  }

  /// Runs the Swift loop of `function`'s derivative below, specialized for `Double`.
  ///
  /// - Parameters:
  ///   - function: The function whose derivative to apply.
  ///   - operand: The cached input or output of the forward pass.
  ///   - upstream: The upstream gradient `dy`, same count as `operand`.
  ///   - result: The input gradient `dx`, same count; may alias `upstream`.
  public static func applyDerivative(
    of function: ElementwiseFunction, operand: UnsafeBufferPointer<Double>,
    upstream: UnsafeBufferPointer<Double>, into result: UnsafeMutableBufferPointer<Double>
  ) {
    elementwise(function, .backward(operand: operand, upstream: upstream, dx: result))
  }
}

/// One pass of an element-wise function over buffers of equal count.
enum ElementwisePass<Scalar> {
  /// `y[i] = f(x[i])`.
  case forward(x: UnsafeBufferPointer<Scalar>, y: UnsafeMutableBufferPointer<Scalar>)
  /// `dx[i] = f′(operand[i]) · dy[i]`, with the operand ``ElementwiseFunction/derivativeOperand`` names.
  case backward(
    operand: UnsafeBufferPointer<Scalar>, upstream: UnsafeBufferPointer<Scalar>,
    dx: UnsafeMutableBufferPointer<Scalar>)

  /// Runs `f` over the elements (forward) or `derivative` over operand and upstream
  /// gradient (backward): the one loop of every function.
  @inline(__always)
  func run(_ f: (Scalar) -> Scalar, derivative: (Scalar, Scalar) -> Scalar) {
    switch self {
    case .forward(let x, let y):
      guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
      for i in 0..<x.count { ys[i] = f(xs[i]) }
    case .backward(let operand, let upstream, let dx):
      guard let vs = operand.baseAddress, let gs = upstream.baseAddress,
        let rs = dx.baseAddress
      else { return }
      for i in 0..<operand.count { rs[i] = derivative(vs[i], gs[i]) }
    }
  }
}

extension PortableKernelScalar {
  /// Every element-wise function: its forward formula, then its local derivative times the
  /// upstream gradient `g`, computed from the input `x` or the output `y`
  /// (``ElementwiseFunction/derivativeOperand``).
  static func elementwise(_ function: ElementwiseFunction, _ pass: ElementwisePass<Self>) {
    switch function {
    case .negate:  // y = −x;  dy/dx = −1
      pass.run({ -$0 }, derivative: { _, g in -g })
    case .scale(let factor):  // y = c·x;  dy/dx = c
      let c = Self(factor)
      pass.run({ c * $0 }, derivative: { _, g in c * g })
    case .reciprocal:  // y = 1/x;  dy/dx = −1/x² = −y²
      pass.run({ 1 / $0 }, derivative: { y, g in -g * y * y })
    case .square:  // y = x²;  dy/dx = 2x
      pass.run({ $0 * $0 }, derivative: { x, g in 2 * x * g })
    case .exp:  // y = eˣ;  dy/dx = eˣ = y
      pass.run({ exponential($0) }, derivative: { y, g in g * y })
    case .log:  // y = ln x;  dy/dx = 1/x
      pass.run({ logarithm($0) }, derivative: { x, g in g / x })
    case .abs:  // y = |x|;  dy/dx = sign x (0 at the kink)
      pass.run({ $0.magnitude }, derivative: { x, g in x > 0 ? g : (x < 0 ? -g : 0) })
    case .sigmoid:  // y = σ(x) = 1/(1 + e⁻ˣ);  dy/dx = σ(x)(1 − σ(x)) = y(1 − y)
      pass.run({ 1 / (1 + exponential(-$0)) }, derivative: { y, g in g * y * (1 - y) })
    case .tanh:  // y = tanh x;  dy/dx = 1 − tanh² x = 1 − y²
      pass.run({ hyperbolicTangent($0) }, derivative: { y, g in g * (1 - y * y) })
    case .relu:  // y = max(0, x);  dy/dx = [x > 0] (0 at the kink)
      pass.run({ $0 <= 0 ? 0 : $0 }, derivative: { x, g in x > 0 ? g : 0 })
    case .leakyReLU(let slope):  // y = x or a·x;  dy/dx = 1 for x > 0, a otherwise
      let a = Self(slope)
      pass.run({ $0 <= 0 ? a * $0 : $0 }, derivative: { x, g in x > 0 ? g : a * g })
    case .squareRoot:  // y = √x;  dy/dx = 1/(2√x) = 1/(2y)
      pass.run({ $0.squareRoot() }, derivative: { y, g in g / (2 * y) })
    case .softplus:  // y = log(1 + eˣ), computed without overflow;  dy/dx = σ(x)
      pass.run(
        { Swift.max($0, 0) + logarithmOnePlus(exponential(-$0.magnitude)) },
        derivative: { x, g in g / (1 + exponential(-x)) })
    case .sine:  // y = sin x;  dy/dx = cos x
      pass.run({ sine($0) }, derivative: { x, g in g * cosine(x) })
    case .clamp(let lower, let upper):  // y = min(max(x, l), u);  dy/dx = [l ≤ x ≤ u]
      let (l, u) = (Self(lower), Self(upper))
      pass.run(
        { $0 < l ? l : ($0 > u ? u : $0) }, derivative: { x, g in x >= l && x <= u ? g : 0 })
    case .huber(let delta):  // y = x²/2 or δ(|x| − δ/2);  dy/dx = clamp(x, −δ, δ)
      let d = Self(delta)
      pass.run(
        { $0.magnitude <= d ? $0 * $0 / 2 : d * ($0.magnitude - d / 2) },
        derivative: { x, g in g * (x < -d ? -d : (x > d ? d : x)) })
    }
  }
}
