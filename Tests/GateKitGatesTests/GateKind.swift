import GateKit
import Testing

/// Every built-in gate, constructible for any scalar type, with input shapes that exercise
/// it: the parameter of the tests that every gate must pass.
enum GateKind: String, CaseIterable, CustomTestStringConvertible {
  case add, subtract, multiply, divide, max, matMul, scale, negate, reciprocal, square, exp, log
  case abs, sin, sigmoid, tanh, relu, leakyReLU, sum, dense

  var testDescription: String { rawValue }

  /// The gate; a dense layer draws the same weights for every scalar type.
  func make<Scalar: TensorScalar>(_ type: Scalar.Type) throws -> any Gate<Scalar> {
    switch self {
    case .add: Add<Scalar>()
    case .subtract: Subtract<Scalar>()
    case .multiply: Multiply<Scalar>()
    case .divide: Divide<Scalar>()
    case .max: Max<Scalar>()
    case .matMul: MatMul<Scalar>()
    case .scale: try Scale<Scalar>(-1.5)
    case .negate: Negate<Scalar>()
    case .reciprocal: Reciprocal<Scalar>()
    case .square: Square<Scalar>()
    case .exp: Exp<Scalar>()
    case .log: Log<Scalar>()
    case .abs: Abs<Scalar>()
    case .sin: Sin<Scalar>()
    case .sigmoid: Sigmoid<Scalar>()
    case .tanh: Tanh<Scalar>()
    case .relu: ReLU<Scalar>()
    case .leakyReLU: LeakyReLU<Scalar>()
    case .sum: Sum<Scalar>()
    case .dense:
      try {
        var generator = SeededGenerator(seed: 3)
        return try Dense<Scalar>(4, 3, using: &generator)
      }()
    }
  }

  /// Input shapes the gate accepts.
  var inputShapes: [[Int]] {
    switch self {
    case .add, .multiply, .max: [[2, 3], [3], [2, 1]]
    case .subtract, .divide: [[2, 3], [3]]
    case .matMul: [[2, 4], [4, 3]]
    case .dense: [[5, 4]]
    default: [[2, 3]]
    }
  }

  /// Inputs away from 0 (where log, reciprocal and the kinks live), the same values for
  /// every scalar type.
  func inputs<Scalar: TensorScalar>(_ type: Scalar.Type, seed: UInt64 = 1) throws -> [Tensor<
    Scalar
  >] {
    var generator = SeededGenerator(seed: seed)
    return try inputShapes.map { shape in
      let x = try Tensor<Double>.uniform(shape: shape, low: 0.3, high: 2, using: &generator)
      let sign = try Tensor<Double>.uniform(shape: shape, low: -1, high: 1, using: &generator)
      let signed = self == .log ? x : try x * sign.map { $0 < 0 ? -1 : 1 }
      return Tensor<Scalar>(signed)
    }
  }
}
