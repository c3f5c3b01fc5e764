import GateKit

/// Every update rule, for the tests that check a property of all optimizers at once. Each
/// makes its optimizer with the settings of its hand-computed test.
enum Rule: String, CaseIterable, Sendable, CustomStringConvertible {
  case sgd
  case sgdWithMomentum
  case nesterov
  case adam
  case adamW
  case rmsProp
  case centeredRMSProp
  case rmsPropWithMomentum
  case adaGrad

  var description: String { rawValue }

  /// Whether the rule divides by a running root mean square of the gradients, so that
  /// scaling every gradient by the same factor leaves its steps (nearly) unchanged.
  var isAdaptive: Bool {
    switch self {
    case .sgd, .sgdWithMomentum, .nesterov: false
    case .adam, .adamW, .rmsProp, .centeredRMSProp, .rmsPropWithMomentum, .adaGrad: true
    }
  }

  /// The state slots the rule stores for each parameter once it has stepped.
  var slots: Set<String> {
    switch self {
    case .sgd: []
    case .sgdWithMomentum, .nesterov: ["momentum"]
    case .adam, .adamW: ["firstMoment", "secondMoment"]
    case .rmsProp: ["squareAverage"]
    case .centeredRMSProp: ["squareAverage", "gradientAverage"]
    case .rmsPropWithMomentum: ["squareAverage", "momentum"]
    case .adaGrad: ["sumOfSquares"]
    }
  }

  /// The rule's optimizer for `Scalar`.
  ///
  /// - Parameter scalar: The scalar type.
  /// - Returns: A fresh optimizer.
  /// - Throws: Never for these settings.
  func make<Scalar: TensorScalar>(_ scalar: Scalar.Type) throws -> any Optimizer<Scalar> {
    switch self {
    case .sgd: try SGD<Scalar>(learningRate: 0.1)
    case .sgdWithMomentum: try SGD<Scalar>(learningRate: 0.1, momentum: 0.9)
    case .nesterov: try SGD<Scalar>(learningRate: 0.1, momentum: 0.9, nesterov: true)
    case .adam: try Adam<Scalar>(learningRate: 0.1)
    case .adamW: try AdamW<Scalar>(learningRate: 0.1, weightDecay: 0.1)
    case .rmsProp: try RMSProp<Scalar>(learningRate: 0.01)
    case .centeredRMSProp: try RMSProp<Scalar>(learningRate: 0.01, centered: true)
    case .rmsPropWithMomentum: try RMSProp<Scalar>(learningRate: 0.01, momentum: 0.9)
    case .adaGrad: try AdaGrad<Scalar>(learningRate: 0.1)
    }
  }
}
