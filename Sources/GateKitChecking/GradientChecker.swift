import GateKitCore

/// Checks a gate's backward pass against finite differences — for every element of every
/// input and parameter, or by random projections in fast mode — and, when a composition
/// does not pass, checks each gate inside it on its own to say which one is wrong.
///
/// The check reduces the gate's output to a scalar `L = Σ y ⊙ u` with a fixed random
/// upstream gradient `u` (so `dL/dy = u`), runs `backward(u)` once for the analytic
/// gradients, and estimates each element's derivative by centred differences of `L`,
/// summed in `Double` over the output elements that change.
///
/// **Step and resolution.** The first step is `step · max(1, |x|)`. Where it does not
/// settle the element, the checker tries half the step, then sweeps steps over 19
/// decades and picks the one whose neighbours agree best: truncation (`h²·f‴/6`) shrinks
/// with the step, rounding (`ε·|y|/h`) grows as it shrinks, and where they conflict the
/// spread of neighbouring estimates bounds the error. That bound, the element's
/// ``GradientCheckReport/Element/resolution``, is the floor of its error
/// (``error(analytic:numeric:floor:)`` with `floor = resolution / tolerance`): a wrong
/// sign or factor is caught whenever it is measurable, however small the gradient, and
/// rounding noise is not mistaken for an error. Where no step resolves the derivative (the
/// function is not finite, a forward pass throws at the perturbed point, the values
/// cannot be resolved), the element is ``GradientCheckReport/Status/inconclusive``: neither
/// a pass nor a failure.
///
/// **Kinks and ties.** Gates declare where they are not differentiable through
/// ``/GateKitCore/PiecewiseDifferentiable`` (ReLU and leaky ReLU at 0, max at ties, abs at
/// 0). A probe that meets a kink first tries smaller steps; if it still meets it, the
/// one-sided slopes tell a real kink (their difference stays as the step halves) from a
/// smooth function that declares one (it halves with the step). Only at a real kink is any
/// value between the slopes accepted (a subgradient). Inputs of one gate that sit at a kink
/// together are then moved together where that keeps the tie: along such a direction the
/// function is linear, so the sum of their analytic derivatives must match — a max that
/// routes a tie's gradient to every winner is caught.
///
/// **Localization.** A ``/GateKitCore/CompositeGate`` whose trace names its wiring is
/// flattened: a probe re-runs only the gates downstream of the perturbed value, and the
/// inputs of piecewise gates come for free. When a composite does not pass, the checker
/// checks every child locally with the inputs and the upstream gradient it received (a
/// random one when that gradient is not finite), keeping constant inputs constant, then —
/// if every child passes — the composite's own wiring. ``GradientCheckReport/blame`` names
/// the gates that fail on their own, a composite whose wiring is wrong, or, as
/// inconclusive, a failure no gate explains.
///
/// **Fast mode.** ``Mode/fast`` compares `uᵀ·J·v` for a random unit direction `v` over all
/// inputs and parameters with the finite difference along `v`: two forward passes instead
/// of two per element. Where it fails, the failing part is checked in full to localize.
///
/// **Precision.** Check in `Double` (the defaults: `step = 1e-5`, `tolerance = 1e-7`). To
/// check a model meant for `Float`, build the same architecture in `Double` and copy the
/// values with ``/GateKitCore/Gate/copyParameters(from:)``. A check in `Float` is possible
/// with ``init(for:seed:mode:)``, which picks `Float`'s step and tolerance; its report
/// says it is a `Float` check. Docs/GradientChecking.md has the error analysis.
///
/// ```swift
/// let report = try GradientChecker().check(model, inputs: [x])
/// print(report.table)
/// assert(report.passed, report.diagnosis)
/// ```
public struct GradientChecker: Sendable {
  /// How much of the gate is checked.
  public enum Mode: String, Codable, Sendable, CustomStringConvertible {
    /// Every element of every input and parameter: two forward passes per element.
    case full
    /// A random projection `uᵀ·J·v` first; elements only where it fails.
    case fast

    /// `full` or `fast`.
    public var description: String { rawValue }
  }

  /// The first relative step: element `x` is first perturbed by `±step · max(1, |x|)`.
  public var step: Double
  /// The largest error that passes.
  public var tolerance: Double
  /// The seed of the random upstream gradient `u` (and of fast mode's directions).
  public var seed: UInt64
  /// Full or fast.
  public var mode: Mode
  /// Whether a failing composite is searched for the gates that are wrong.
  public var localizes: Bool

  /// A checker with the given settings; the defaults suit `Double`.
  ///
  /// - Parameters:
  ///   - step: The relative finite-difference step.
  ///   - tolerance: The largest error that passes.
  ///   - seed: The seed of the random upstream gradient.
  ///   - mode: Full or fast.
  ///   - localizes: Whether to search a failing composite for the wrong gates.
  public init(
    step: Double = 1e-5, tolerance: Double = 1e-7, seed: UInt64 = 0, mode: Mode = .full,
    localizes: Bool = true
  ) {
    self.step = step
    self.tolerance = tolerance
    self.seed = seed
    self.mode = mode
    self.localizes = localizes
  }

  /// A checker with the default step and tolerance of `scalarType` (see
  /// ``defaultSettings(for:)``).
  ///
  /// - Parameters:
  ///   - scalarType: The scalar type the checked gates use.
  ///   - seed: The seed of the random upstream gradient.
  ///   - mode: Full or fast.
  public init<S: TensorScalar>(for scalarType: S.Type, seed: UInt64 = 0, mode: Mode = .full) {
    let settings = Self.defaultSettings(for: scalarType)
    self.init(step: settings.step, tolerance: settings.tolerance, seed: seed, mode: mode)
  }

  /// The default step and tolerance for a scalar type with machine epsilon `ε`.
  ///
  /// `Double` (`ε ≈ 2.2e-16`): step `1e-5`, tolerance `1e-7`. Lower precision (`Float`,
  /// `ε ≈ 1.2e-7`): step `1e-2`, tolerance `1e-2`. The centered difference's error is
  /// about `h²·|f‴|/6` (truncation) plus `ε·|L|/h` (rounding); `h ≈ ε^(1/3)` balances
  /// them, and the tolerance leaves room for `|f‴|` and `|L|` of a few units.
  ///
  /// - Parameter scalarType: The scalar type.
  /// - Returns: The step and tolerance.
  public static func defaultSettings<S: TensorScalar>(for scalarType: S.Type) -> (
    step: Double, tolerance: Double
  ) {
    S.significandBitCount >= Double.significandBitCount ? (1e-5, 1e-7) : (1e-2, 1e-2)
  }

  /// The error between an analytic and a numeric derivative:
  /// `|a − n| / max(|a|, |n|, floor)`: relative for derivatives above the floor, absolute
  /// (scaled by the floor) below it. The checker takes `floor = resolution / tolerance`,
  /// so that the error is within the tolerance exactly when `|a − n|` is within the
  /// tolerance relative to the derivative or within what the finite difference resolves.
  ///
  /// - Parameters:
  ///   - analytic: The backward pass's value.
  ///   - numeric: The finite-difference estimate.
  ///   - floor: The smallest magnitude the difference is measured against (default 1).
  /// - Returns: The error (NaN if either value is NaN; 0 when they are equal).
  public static func error(analytic: Double, numeric: Double, floor: Double = 1) -> Double {
    let difference = Swift.abs(analytic - numeric)
    guard difference != 0 else { return 0 }
    return difference
      / Swift.max(Swift.abs(analytic), Swift.abs(numeric), floor, .leastNormalMagnitude)
  }

  /// Checks every input and parameter gradient of `gate` at `inputs`; for a composite that
  /// does not pass, also the gates inside it.
  ///
  /// The gate is copied; the original is not changed. Once the forward pass at `inputs`
  /// succeeds, the check does not throw: a backward pass that throws, a forward pass that
  /// throws at a perturbed point, or a gate inside that cannot be checked becomes a failing
  /// or inconclusive entry naming that gate.
  ///
  /// - Parameters:
  ///   - gate: The gate or composition to check.
  ///   - inputs: The point to check at.
  ///   - inputNames: Names for the inputs in the report (default `input 0`, `input 1`, …).
  ///   - constantInputs: The indices of inputs whose gradients are not checked (targets,
  ///     class labels): they are not perturbed, here or in any check of a gate inside, and
  ///     not reported.
  ///   - constantValues: Paths of values inside a composition (a graph node's name, or
  ///     `layers.1.t` for a node of a graph nested in a `Sequential`) that the checks of the
  ///     gates reading them keep constant, as they keep `constantInputs`.
  /// - Returns: The report.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for a step that
  ///   is not positive and finite or a negative or non-finite tolerance; what the gate's forward
  ///   pass throws at `inputs`.
  public func check<G: Gate>(
    _ gate: G, inputs: [Tensor<G.Scalar>], inputNames: [String]? = nil,
    constantInputs: Set<Int> = [], constantValues: Set<String> = []
  ) throws -> GradientCheckReport {
    try validateSettings()
    var probe = gate
    let output = try probe.forward(inputs: inputs)
    let upstream: Tensor<G.Scalar> = try randomUpstream(shape: output.shape, salt: 0)
    return report(
      gate, inputs: inputs, upstream: upstream, inputNames: inputNames,
      constantInputs: constantInputs, constantValues: constantValues)
  }

  /// Checks `gate` at `inputs` against the given upstream gradient `u` of `L = Σ y ⊙ u`:
  /// what the conformance suite and localization use.
  ///
  /// - Parameters:
  ///   - gate: The gate.
  ///   - inputs: The point.
  ///   - upstream: `u`, with the output's shape.
  ///   - inputNames: Names for the inputs in the report.
  ///   - constantInputs: The indices of inputs whose gradients are not checked.
  ///   - constantValues: Paths of values inside that stay constant (see above).
  /// - Returns: The report.
  /// - Throws: ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)`` for invalid
  ///   settings (see above); what the gate's forward pass throws at `inputs`;
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for an upstream
  ///   gradient that does not have the output's shape.
  public func check<G: Gate>(
    _ gate: G, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>,
    inputNames: [String]? = nil, constantInputs: Set<Int> = [], constantValues: Set<String> = []
  ) throws -> GradientCheckReport {
    try validateSettings()
    var probe = gate
    let output = try probe.forward(inputs: inputs)
    guard output.shape == upstream.shape else {
      throw GateKitError.shapeMismatch(
        operation: "GradientChecker: upstream gradient of \(gate.description)",
        expected: "the output shape \(output.shape)", actual: upstream.shape)
    }
    return report(
      gate, inputs: inputs, upstream: upstream, inputNames: inputNames,
      constantInputs: constantInputs, constantValues: constantValues)
  }

  private func report<G: Gate>(
    _ gate: G, inputs: [Tensor<G.Scalar>], upstream: Tensor<G.Scalar>, inputNames: [String]?,
    constantInputs: Set<Int>, constantValues: Set<String>
  ) -> GradientCheckReport {
    var notes: [String] = []
    let entries = checkGate(
      gate, path: "", inputs: inputs, upstream: upstream, inputNames: inputNames,
      constants: constantInputs, constantValues: constantValues, notes: &notes)
    return GradientCheckReport(
      subject: gate.description, scalarType: "\(G.Scalar.self)", mode: mode, step: step,
      tolerance: tolerance, entries: entries, notes: notes)
  }

  /// Throws unless the step is positive and finite and the tolerance finite and ≥ 0: a
  /// zero or NaN step would divide by zero and report every gradient as wrong.
  private func validateSettings() throws {
    guard step > 0, step.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "GradientChecker", reason: "the step must be positive and finite, got \(step)")
    }
    guard tolerance >= 0, tolerance.isFinite else {
      throw GateKitError.invalidArgument(
        operation: "GradientChecker",
        reason: "the tolerance must be finite and ≥ 0, got \(tolerance)")
    }
  }

  /// A standard normal tensor from the checker's seed (`salt` varies the stream).
  func randomUpstream<S: TensorScalar>(shape: [Int], salt: UInt64) throws -> Tensor<S> {
    var generator = SeededGenerator(seed: seed &+ salt &* 0x9E37_79B9_7F4A_7C15)
    return try Tensor<S>.normal(shape: shape, using: &generator)
  }
}
