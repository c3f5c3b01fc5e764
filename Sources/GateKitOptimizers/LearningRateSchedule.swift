import Foundation
import GateKitCore

/// A learning rate that changes with training progress, as a value.
///
/// A schedule maps a step index (counted from 0, in whatever unit the caller steps it:
/// epochs or optimizer updates) and the base rate to the rate for that step.
///
/// ```swift
/// let schedule = try CosineDecay(totalSteps: 100, warmupSteps: 5)
/// optimizer.learningRate = schedule.learningRate(atStep: epoch, baseRate: 0.01)
/// ```
public protocol LearningRateSchedule: Sendable, CustomStringConvertible {
  /// The learning rate for a step.
  ///
  /// - Parameters:
  ///   - step: The step index, from 0.
  ///   - baseRate: The optimizer's initial learning rate.
  /// - Returns: The rate to use at that step.
  func learningRate(atStep step: Int, baseRate: Double) -> Double
}

/// Multiplies the rate by `γ` every `stepSize` steps: `η·γ^⌊t/stepSize⌋`.
public struct StepDecay: LearningRateSchedule {
  /// The number of steps between decays.
  public let stepSize: Int
  /// The factor `γ` applied at each decay.
  public let gamma: Double

  /// A step-decay schedule.
  ///
  /// - Parameters:
  ///   - stepSize: Steps between decays, at least 1.
  ///   - gamma: The factor, in `(0, 1]`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(stepSize: Int, gamma: Double = 0.1) throws {
    guard stepSize >= 1 else {
      throw GateKitError.invalidArgument(
        operation: "StepDecay", reason: "stepSize must be ≥ 1, got \(stepSize)")
    }
    try validate(gamma, "gamma", in: Double.leastNonzeroMagnitude...1, for: "StepDecay")
    self.stepSize = stepSize
    self.gamma = gamma
  }

  /// `η·γ^⌊t/stepSize⌋`.
  ///
  /// - Parameters:
  ///   - step: The step index `t`.
  ///   - baseRate: `η`.
  /// - Returns: The rate.
  public func learningRate(atStep step: Int, baseRate: Double) -> Double {
    baseRate * pow(gamma, Double(Swift.max(step, 0) / stepSize))
  }

  /// `StepDecay(every 10, γ = 0.1)`.
  public var description: String { "StepDecay(every \(stepSize), γ = \(gamma))" }
}

/// Multiplies the rate by `γ` every step: `η·γᵗ`.
public struct ExponentialDecay: LearningRateSchedule {
  /// The factor `γ` applied each step.
  public let gamma: Double

  /// An exponential-decay schedule.
  ///
  /// - Parameter gamma: The factor, in `(0, 1]`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(gamma: Double) throws {
    try validate(gamma, "gamma", in: Double.leastNonzeroMagnitude...1, for: "ExponentialDecay")
    self.gamma = gamma
  }

  /// `η·γᵗ`.
  ///
  /// - Parameters:
  ///   - step: The step index `t`.
  ///   - baseRate: `η`.
  /// - Returns: The rate.
  public func learningRate(atStep step: Int, baseRate: Double) -> Double {
    baseRate * pow(gamma, Double(Swift.max(step, 0)))
  }

  /// `ExponentialDecay(γ = 0.95)`.
  public var description: String { "ExponentialDecay(γ = \(gamma))" }
}

/// Cosine annealing from the base rate to a minimum over `totalSteps`, after an optional
/// linear warm-up (Loshchilov and Hutter, 2017):
///
/// - during warm-up, `t < w`: `η·(t + 1)/w`;
/// - after it: `η_min + (η − η_min)·(1 + cos(π·(t − w)/(T − w)))/2`, then `η_min` from `T` on.
public struct CosineDecay: LearningRateSchedule {
  /// The step `T` at which the rate reaches the minimum.
  public let totalSteps: Int
  /// The number of linear warm-up steps `w`.
  public let warmupSteps: Int
  /// The final rate `η_min`.
  public let minimumRate: Double

  /// A cosine schedule.
  ///
  /// - Parameters:
  ///   - totalSteps: `T`, greater than `warmupSteps`.
  ///   - warmupSteps: `w ≥ 0`.
  ///   - minimumRate: `η_min ≥ 0`.
  /// - Throws: `GateKitError.invalidArgument` for a value outside its range.
  public init(totalSteps: Int, warmupSteps: Int = 0, minimumRate: Double = 0) throws {
    guard warmupSteps >= 0, totalSteps > warmupSteps else {
      throw GateKitError.invalidArgument(
        operation: "CosineDecay",
        reason: "needs 0 ≤ warmupSteps < totalSteps, got \(warmupSteps) and \(totalSteps)")
    }
    try validate(
      minimumRate, "minimum rate", in: 0...Double.greatestFiniteMagnitude, for: "CosineDecay")
    self.totalSteps = totalSteps
    self.warmupSteps = warmupSteps
    self.minimumRate = minimumRate
  }

  /// The warm-up ramp, then the cosine.
  ///
  /// - Parameters:
  ///   - step: The step index `t`.
  ///   - baseRate: `η`.
  /// - Returns: The rate.
  public func learningRate(atStep step: Int, baseRate: Double) -> Double {
    if step < warmupSteps { return baseRate * Double(Swift.max(step, 0) + 1) / Double(warmupSteps) }
    guard step < totalSteps else { return minimumRate }
    let progress = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
    return minimumRate + (baseRate - minimumRate) * (1 + cos(Double.pi * progress)) / 2
  }

  /// `CosineDecay(100 steps, warm-up 5)`.
  public var description: String {
    "CosineDecay(\(totalSteps) steps\(warmupSteps > 0 ? ", warm-up \(warmupSteps)" : ""))"
  }
}
