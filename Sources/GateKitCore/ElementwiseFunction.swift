/// An element-wise function with a known local derivative, run by the scalar kernels.
///
/// Each case documents `y = f(x)` and the local derivative `dy/dx` that
/// ``TensorScalar/applyDerivative(of:operand:upstream:into:)`` multiplies the upstream
/// gradient by. Some derivatives are cheapest from the output `y` (sigmoid, tanh, exp,
/// reciprocal), the others from the input `x`: see ``derivativeOperand``.
public enum ElementwiseFunction: Sendable, Hashable, CustomStringConvertible {
  /// `y = −x`; `dy/dx = −1`.
  case negate
  /// `y = c·x`; `dy/dx = c`.
  case scale(Double)
  /// `y = 1/x`; `dy/dx = −1/x² = −y²` (from the output).
  case reciprocal
  /// `y = x²`; `dy/dx = 2x`.
  case square
  /// `y = eˣ`; `dy/dx = eˣ = y` (from the output).
  case exp
  /// `y = ln x`; `dy/dx = 1/x`.
  case log
  /// `y = |x|`; `dy/dx = sign(x)`, taken as 0 at the kink `x = 0`.
  case abs
  /// `y = σ(x) = 1/(1 + e⁻ˣ)`; `dy/dx = σ(x)(1 − σ(x)) = y(1 − y)` (from the output).
  case sigmoid
  /// `y = tanh x`; `dy/dx = 1 − y²` (from the output).
  case tanh
  /// `y = max(0, x)`; `dy/dx = 1` for `x > 0` and `0` for `x ≤ 0` (ReLU′(0) = 0).
  case relu
  /// `y = x` for `x > 0`, `a·x` otherwise; `dy/dx = 1` for `x > 0` and `a` for `x ≤ 0`.
  case leakyReLU(slope: Double)
  /// `y = √x`; `dy/dx = 1/(2√x) = 1/(2y)` (from the output).
  case squareRoot
  /// `y = ln(1 + eˣ)`, computed as `max(x, 0) + ln(1 + e^(−|x|))` so that it never
  /// overflows; `dy/dx = σ(x)`.
  case softplus
  /// `y = sin x`; `dy/dx = cos x`.
  case sine
  /// `y = min(max(x, lower), upper)`; `dy/dx = 1` for `lower ≤ x ≤ upper`, `0` outside.
  case clamp(lower: Double, upper: Double)
  /// The Huber function: `y = x²/2` for `|x| ≤ δ`, `δ(|x| − δ/2)` beyond;
  /// `dy/dx = min(max(x, −δ), δ)`.
  case huber(delta: Double)

  /// Which value of the forward pass the local derivative is computed from.
  public enum Operand: Sendable, Hashable {
    /// The function's input `x`.
    case input
    /// The function's output `y`.
    case output
  }

  /// The value a gate must cache in its forward pass for its backward pass.
  public var derivativeOperand: Operand {
    switch self {
    case .reciprocal, .exp, .sigmoid, .tanh, .squareRoot: .output
    case .negate, .scale, .square, .log, .abs, .relu, .leakyReLU, .softplus, .sine, .clamp, .huber:
      .input
    }
  }

  /// The function's name, for example `sigmoid` or `leakyReLU(0.01)`.
  public var description: String {
    switch self {
    case .negate: "negate"
    case .scale(let factor): "scale(\(factor))"
    case .reciprocal: "reciprocal"
    case .square: "square"
    case .exp: "exp"
    case .log: "log"
    case .abs: "abs"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .relu: "relu"
    case .leakyReLU(let slope): "leakyReLU(\(slope))"
    case .squareRoot: "squareRoot"
    case .softplus: "softplus"
    case .sine: "sine"
    case .clamp(let lower, let upper): "clamp(\(lower), \(upper))"
    case .huber(let delta): "huber(\(delta))"
    }
  }
}
