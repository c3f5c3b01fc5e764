import GateKitCore

/// Estimates directional derivatives of `L = Σ y ⊙ u` on a circuit by finite differences,
/// chooses the step from the error estimates, and decides each one against the analytic
/// value: passed, at a kink, deferred, inconclusive or failed.
///
/// The steps, for a first step `t₀` (Docs/GradientChecking.md has the analysis):
/// 1. The centred difference at `t₀`. It passes when `|a − n| ≤ max(tolerance·max(|a|, |n|), E)`,
///    `E` twice the rounding estimate of the output change, and `E` is small against the
///    derivative (at most a tenth of `max(|a|, |n|, scale, 1)`: the derivative is resolved).
/// 2. Otherwise the difference at `t₀/2` as well: their spread bounds the error. A resolved
///    pass decides; so does a gross failure (off by more than 10 % and four times the
///    bound) once a third step, `t₀/4`, shows the estimates converging and a step a
///    thousand times smaller agrees within its rounding.
/// 3. Otherwise a sweep of steps `t₀·10ᵏ` (k = −10…8), then steps a factor 2 apart around
///    the decade where neighbours agree best relative to their size; the step whose neighbours agree best gives the
///    estimate and its bound. Where no step resolves the derivative: inconclusive.
///
/// A probe whose segment meets a declared kink first tries steps 16 and 256 times smaller.
/// If the kink is still met, the one-sided slopes at `t₀` and `t₀/2` tell a real kink (their
/// difference stays as the step halves) from a smooth function that declares kinks (their
/// difference halves with the step): only a real kink gets the subgradient interval test.
struct Prober<S: TensorScalar> {
  /// The moved elements of one direction: each moves by `t·weight` from `base`; `gradient`
  /// is its analytic derivative.
  struct Direction {
    struct Component {
      var variable: Circuit<S>.Variable
      var offset: Int
      var base: Double
      var weight: Double
      var gradient: Double
    }
    var components: [Component]
    /// The first step `t₀`.
    var firstStep: Double
    /// The nodes the move reaches.
    var downstream: [Int]
    /// `Σ gradient·weight`: the analytic directional derivative.
    var analytic: Double { components.reduce(0) { $0 + $1.gradient * $1.weight } }
  }

  /// Finite differences at one step.
  private struct Pair {
    var step: Double
    var numeric: Double
    var analytic: Double
    /// The rounding estimate of `numeric`.
    var noise: Double
    var kink: Bool
    var changed: Bool
    var plus: Circuit<S>.Sample
    var minus: Circuit<S>.Sample
    /// The displacements actually stored, `+` and `−` (the step itself for several elements).
    var displacements: (Double, Double)
  }

  private enum Evaluation {
    case pair(Pair)
    case failure(String)
  }

  /// The circuit being probed.
  var circuit: Circuit<S>
  /// `u`, flattened, in `Double`.
  let upstream: [Double]
  /// The largest error that passes.
  let tolerance: Double
  /// The point itself.
  let base: Circuit<S>.Sample

  /// At most this fraction of `max(|a|, |n|, scale, 1)` may the error bound be for a
  /// derivative to count as resolved.
  static var resolutionLimit: Double { 0.1 }

  /// How the reason for a step too small to move the values begins.
  private static var belowSpacing: String { "the step" }

  init(circuit: Circuit<S>, upstream: Tensor<S>, tolerance: Double) {
    self.circuit = circuit
    self.upstream = upstream.scalars.map(\.doubleValue)
    self.tolerance = tolerance
    base = circuit.baseSample
  }

  // MARK: Verdicts

  /// The verdict on direction `d`; `scale` is the largest analytic value of its tensor,
  /// `defersKinks` says that undecidable probes (several kinks inside a composite) are left
  /// to the gates inside rather than failed or inconclusive.
  func judge(_ d: Direction, scale: Double, defersKinks: Bool) -> GradientCheckReport.Element {
    let first = evaluate(d, d.firstStep)
    if !d.analytic.isFinite {
      if case .pair(let p) = first, base.output.isFinite {
        return verdict(
          p, bound: 0, status: .failed,
          reason: "the analytic derivative is \(d.analytic), the function is finite around")
      }
      let why: String
      switch first {
      case .pair: why = "the output is not finite at this point"
      case .failure(let reason): why = reason
      }
      return undecided(d, defersKinks, "the analytic derivative is \(d.analytic) and \(why)")
    }
    switch first {
    case .pair(let p) where !p.kink:
      return smooth(d, from: p, scale: scale, defersKinks: defersKinks)
    case .pair(let p):
      for divisor in [16.0, 256.0] {
        if case .pair(let q) = evaluate(d, d.firstStep / divisor), !q.kink {
          return smooth(d, from: q, scale: scale, defersKinks: defersKinks)
        }
      }
      return atKink(d, p, scale: scale, defersKinks: defersKinks)
    case .failure:
      return ladder(d, around: d.firstStep, scale: scale, defersKinks: defersKinks)
    }
  }

  /// Steps 1 and 2 for a probe whose segment meets no kink, then the sweep.
  private func smooth(_ d: Direction, from p: Pair, scale: Double, defersKinks: Bool)
    -> GradientCheckReport.Element
  {
    let quickBound = 2 * p.noise
    if passes(p, bound: quickBound), resolved(p, bound: quickBound, scale: scale) {
      return verdict(p, bound: quickBound, status: .passed)
    }
    if p.changed, case .pair(let q) = evaluate(d, p.step / 2), !q.kink, q.changed {
      let bound = Swift.abs(p.numeric - q.numeric) + 2 * Swift.max(p.noise, q.noise)
      if resolved(q, bound: bound, scale: scale) {
        if passes(q, bound: bound) { return verdict(q, bound: bound, status: .passed) }
        // A gross error, if a third step shows the estimates converging (in the h² regime
        // each halving cuts the change by 4): two steps far beyond the function's scale
        // can agree by chance.
        let gap = Swift.abs(q.analytic - q.numeric)
        if gap > 4 * Swift.max(tolerance * magnitude(q), bound), gap > 0.1 * magnitude(q),
          case .pair(let r) = evaluate(d, q.step / 2), !r.kink, r.changed,
          Swift.abs(q.numeric - r.numeric) <= 0.5 * Swift.abs(p.numeric - q.numeric) + 2 * r.noise,
          Swift.abs(q.numeric - r.numeric) <= 0.1 * Swift.abs(r.numeric),
          agreesAtSmallerSteps(d, r)
        {
          let converged = 2 * Swift.abs(q.numeric - r.numeric) + 2 * r.noise
          if Swift.abs(r.analytic - r.numeric) > 4 * Swift.max(tolerance * magnitude(r), converged)
          {
            return verdict(r, bound: converged, status: .failed)
          }
        }
      }
    }
    return ladder(d, around: p.step, scale: scale, defersKinks: defersKinks)
  }

  /// Step 3: the sweep over decades, then a factor 2 around the best decade.
  private func ladder(_ d: Direction, around t0: Double, scale: Double, defersKinks: Bool)
    -> GradientCheckReport.Element
  {
    var firstFailure: String?
    var failures: [(step: Double, reason: String)] = []  // other than a step below the spacing
    var sawKink = false
    func valid(_ t: Double) -> Pair? {
      switch evaluate(d, t) {
      case .pair(let p) where !p.kink && (p.changed || p.analytic == 0): return p
      case .pair(let p):
        sawKink = sawKink || p.kink
        return nil
      case .failure(let reason):
        firstFailure = firstFailure ?? reason
        if !reason.hasPrefix(Self.belowSpacing) { failures.append((t, reason)) }
        return nil
      }
    }
    let decades = (-10...8).map { (t0 * pow10($0), valid(t0 * pow10($0))) }
    // The decade where neighbours agree best relative to their size: a smooth function
    // agrees over small steps, a linear one drowned in rounding over large steps, and at
    // steps far beyond the function's scale both estimates fade towards 0 together (an
    // agreement that is small in absolute terms only).
    var best: (index: Int, spread: Double, score: Double)?
    for i in decades.indices.dropLast() {
      guard let a = decades[i].1, let b = decades[i + 1].1 else { continue }
      let spread = Swift.abs(a.numeric - b.numeric) + a.noise + b.noise
      let size = Swift.max(Swift.abs(a.numeric), Swift.abs(b.numeric))
      let score = spread == 0 ? 0 : spread / Swift.max(size, .leastNormalMagnitude)
      if best == nil || score < best!.score { best = (i, spread, score) }
    }
    guard let coarse = best else {
      if let only = decades.compactMap(\.1).first {
        let bound = 2 * only.noise
        if passes(only, bound: bound), resolved(only, bound: bound, scale: scale) {
          return verdict(only, bound: bound, status: .passed)
        }
      }
      let reason =
        firstFailure ?? (sawKink ? "every step meets a kink" : "no two steps give an estimate")
      return undecided(d, defersKinks, reason)
    }
    let t = decades[coarse.index].0
    var fine = [t / 2, t, 2 * t, 4 * t, 8 * t, decades[coarse.index + 1].0].compactMap { step in
      step == t
        ? decades[coarse.index].1
        : step == decades[coarse.index + 1].0
          ? decades[coarse.index + 1].1 : valid(step)
    }
    fine.sort { $0.step < $1.step }
    var choice: (pair: Pair, bound: Double, spread: Double)?
    for j in fine.indices.dropFirst().dropLast() {
      let spread = Swift.max(
        Swift.abs(fine[j].numeric - fine[j - 1].numeric),
        Swift.abs(fine[j].numeric - fine[j + 1].numeric))
      let bound = 2 * spread + 2 * fine[j].noise
      if choice == nil || bound < choice!.bound { choice = (fine[j], bound, spread) }
    }
    let (p, bound, spread) =
      choice ?? (decades[coarse.index].1!, 2 * coarse.spread, coarse.spread)
    let unresolved = { (why: String) in
      self.verdict(
        p, bound: bound, status: defersKinks ? .deferred : .inconclusive,
        reason: "\(why): the best estimate is \(p.numeric) ± \(bound) at step \(p.step)")
    }
    // Neighbouring estimates that differ by more than a tenth of their size (and than
    // rounding explains) have not converged: far beyond the function's scale they fade
    // towards 0 together, precise in absolute terms but wrong.
    guard spread <= Swift.max(0.1 * Swift.abs(p.numeric), 4 * p.noise) else {
      return unresolved("the estimates do not converge at any step")
    }
    // Smaller steps may be noisier, but not beyond their rounding: an estimate there that
    // contradicts the chosen one means the function varies at the scale of the steps.
    // A forward pass that throws (or values that are not finite) closer to the point than
    // the chosen step: the function is not defined around it.
    if let closer = failures.filter({ $0.step < p.step }).max(by: { $0.step < $1.step }) {
      return unresolved(closer.reason)
    }
    let smaller = decades.compactMap { $0.0 < p.step ? $0.1 : nil }
    guard smaller.allSatisfy({ consistent($0, with: p, bound: bound) }) else {
      return unresolved("estimates at smaller steps disagree beyond their rounding")
    }
    let isResolved = resolved(p, bound: bound, scale: scale)
    if passes(p, bound: bound) {
      return isResolved
        ? verdict(p, bound: bound, status: .passed) : unresolved("no step resolves the derivative")
    }
    if isResolved || Swift.abs(p.analytic - p.numeric) > 2 * bound {
      return verdict(p, bound: bound, status: .failed)
    }
    return unresolved("no step resolves the derivative")
  }

  /// A probe that meets a kink at every step tried: a real kink gets the interval test, a
  /// smooth function that declares a kink the centred test.
  private func atKink(_ d: Direction, _ p1: Pair, scale: Double, defersKinks: Bool)
    -> GradientCheckReport.Element
  {
    guard case .pair(let p2) = evaluate(d, p1.step / 2) else {
      return undecided(d, defersKinks, "the probe at half the step failed")
    }
    let slopes1 = oneSidedSlopes(p1)
    let slopes2 = oneSidedSlopes(p2)
    let g1 = slopes1.plus - slopes1.minus
    let g2 = slopes2.plus - slopes2.minus
    let noise = 4 * (slopes2.noise + slopes1.noise)
    let jump = 2 * g2 - g1
    let realKink =
      Swift.max(Swift.abs(g1), Swift.abs(g2)) > noise
      && Swift.abs(jump) > 0.5 * Swift.max(Swift.abs(g1), Swift.abs(g2))
    guard realKink else {
      let bound = Swift.abs(p1.numeric - p2.numeric) + 2 * Swift.max(p1.noise, p2.noise)
      if passes(p2, bound: bound) {
        return resolved(p2, bound: bound, scale: scale)
          ? verdict(p2, bound: bound, status: .passed)
          : undecided(d, defersKinks, "the one-sided slopes do not resolve the derivative")
      }
      return verdict(p2, bound: bound, status: .failed)
    }
    // One-sided derivatives extrapolated to step 0 (their error is linear in the step).
    let right = 2 * slopes2.plus - slopes1.plus
    let left = 2 * slopes2.minus - slopes1.minus
    let slack =
      Swift.max(Swift.abs(slopes1.plus - slopes2.plus), Swift.abs(slopes1.minus - slopes2.minus))
      + noise
    let (low, high) = (Swift.min(left, right), Swift.max(left, right))
    let a = p2.analytic
    let allowed = Swift.max(
      tolerance * Swift.max(Swift.abs(a), Swift.abs(low), Swift.abs(high)), slack)
    let outside = a < low ? low - a : (a > high ? a - high : 0)
    let inside = outside <= allowed
    var element = verdict(
      p2, bound: slack, status: inside ? .atKink : (defersKinks ? .deferred : .failed))
    element.atKink = true
    element.interval = [low, high]
    let floor = tolerance > 0 ? allowed / tolerance : (allowed > 0 ? .infinity : 0)
    element.error =
      outside
      / Swift.max(Swift.abs(a), Swift.abs(low), Swift.abs(high), floor, .leastNormalMagnitude)
    if !inside && defersKinks {
      element.reason = "several kinks may be crossed at once: the gates inside decide"
    }
    return element
  }

  /// Whether the segment of `d`'s first step meets no kink (and can be evaluated): a
  /// direction along which tied inputs stay tied.
  func keepsTie(_ d: Direction) -> Bool {
    guard case .pair(let p) = evaluate(d, d.firstStep) else { return false }
    return !p.kink
  }

  // MARK: Finite differences

  /// The centred difference along `d` at step `t`.
  private func evaluate(_ d: Direction, _ t: Double) -> Evaluation {
    var plus: [Circuit<S>.Move] = []
    var minus: [Circuit<S>.Move] = []
    var analytic = 0.0
    var displacements = (0.0, 0.0)
    for c in d.components {
      let up = S(c.base + t * c.weight)
      let down = S(c.base - t * c.weight)
      guard up.isFinite, down.isFinite else { return .failure("x ± \(t) is not finite") }
      let (dPlus, dMinus) = (up.doubleValue - c.base, c.base - down.doubleValue)
      analytic += c.gradient * (dPlus + dMinus)
      displacements = (dPlus, dMinus)
      plus.append(.init(variable: c.variable, offset: c.offset, value: up))
      minus.append(.init(variable: c.variable, offset: c.offset, value: down))
    }
    let single = d.components.count == 1
    if !single { displacements = (t, t) }
    let denominator = displacements.0 + displacements.1
    guard denominator > 0 else {
      return .failure("\(Self.belowSpacing) \(t) is below the spacing of the values")
    }
    let up: Circuit<S>.Sample
    let down: Circuit<S>.Sample
    do {
      up = try circuit.evaluate(plus, downstream: d.downstream)
      down = try circuit.evaluate(minus, downstream: d.downstream)
    } catch {
      return .failure("the forward pass threw at step \(t): \(error)")
    }
    let change = OutputChange(from: down.output, to: up.output, weights: upstream)
    guard change.isFinite else { return .failure("the output is not finite at step \(t)") }
    return .pair(
      Pair(
        step: t, numeric: change.total / denominator,
        analytic: single ? d.components[0].gradient : analytic / denominator,
        noise: change.noise / denominator, kink: circuit.hasKink(between: down, and: up),
        changed: change.changed, plus: up, minus: down, displacements: displacements))
  }

  /// The one-sided slopes `(L(x + t) − L(x))/t` and `(L(x) − L(x − t))/t` of a pair, and
  /// the rounding estimate of each.
  private func oneSidedSlopes(_ p: Pair) -> (plus: Double, minus: Double, noise: Double) {
    let right = OutputChange(from: base.output, to: p.plus.output, weights: upstream)
    let left = OutputChange(from: p.minus.output, to: base.output, weights: upstream)
    return (
      right.total / p.displacements.0, left.total / p.displacements.1,
      Swift.max(right.noise / p.displacements.0, left.noise / p.displacements.1)
    )
  }

  // MARK: Helpers

  /// Whether `q` (at a smaller step) agrees with the estimate `p` and its bound, within
  /// four times its own rounding.
  private func consistent(_ q: Pair, with p: Pair, bound: Double) -> Bool {
    Swift.abs(q.numeric - p.numeric) <= bound + 4 * (q.noise + p.noise)
  }

  /// Whether the estimate at a step a thousand times smaller than `p`'s agrees with it
  /// (an estimate that cannot be made there does not contradict).
  private func agreesAtSmallerSteps(_ d: Direction, _ p: Pair) -> Bool {
    guard case .pair(let q) = evaluate(d, p.step / 1000), !q.kink, q.changed else { return true }
    return consistent(q, with: p, bound: 0.1 * Swift.abs(p.numeric))
  }

  private func magnitude(_ p: Pair) -> Double {
    Swift.max(Swift.abs(p.analytic), Swift.abs(p.numeric))
  }

  private func passes(_ p: Pair, bound: Double) -> Bool {
    Swift.abs(p.analytic - p.numeric) <= Swift.max(tolerance * magnitude(p), bound)
  }

  private func resolved(_ p: Pair, bound: Double, scale: Double) -> Bool {
    bound <= Self.resolutionLimit * Swift.max(magnitude(p), scale, 1)
  }

  /// The element for a decided pair.
  private func verdict(
    _ p: Pair, bound: Double, status: GradientCheckReport.Status, reason: String? = nil
  ) -> GradientCheckReport.Element {
    let (a, n) = (p.analytic, p.numeric)
    let absolute = Swift.abs(a - n)
    let largest = Swift.max(Swift.abs(a), Swift.abs(n))
    // With a zero tolerance only the resolution counts: beyond it, the plain relative error.
    let floor = tolerance > 0 ? bound / tolerance : (absolute <= bound ? .infinity : 0)
    let error = GradientChecker.error(analytic: a, numeric: n, floor: floor)
    return GradientCheckReport.Element(
      index: [], analytic: a, numeric: n, absoluteError: absolute,
      relativeError: largest == 0 ? 0 : absolute / largest, error: error, atKink: false,
      interval: nil, deferred: status == .deferred, passed: status.isPassing, status: status,
      step: p.step, resolution: bound, reason: reason)
  }

  /// An element no step decided: deferred inside a composite, inconclusive otherwise.
  private func undecided(_ d: Direction, _ defers: Bool, _ reason: String)
    -> GradientCheckReport.Element
  {
    GradientCheckReport.Element(
      index: [], analytic: d.analytic, numeric: .nan, absoluteError: .nan, relativeError: .nan,
      error: .nan, atKink: false, interval: nil, deferred: defers, passed: defers,
      status: defers ? .deferred : .inconclusive, step: d.firstStep, resolution: .nan,
      reason: reason)
  }
}

/// `10ᵏ`.
private func pow10(_ k: Int) -> Double {
  var value = 1.0
  for _ in 0..<Swift.abs(k) { value *= 10 }
  return k < 0 ? 1 / value : value
}
