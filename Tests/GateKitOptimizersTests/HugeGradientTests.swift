import GateKit
import Testing

/// A huge but finite gradient scale, in `Float` or `Double`.
enum HugeGradient: CaseIterable, Sendable, CustomStringConvertible {
  /// 1e30 in `Float` (largest finite ≈ 3.4e38): its square overflows.
  case float1e30
  /// 1e30 in `Double`: its square, 1e60, is finite.
  case double1e30
  /// 1e200 in `Double` (largest finite ≈ 1.8e308): its square overflows.
  case double1e200

  var description: String {
    switch self {
    case .float1e30: "1e30 in Float"
    case .double1e30: "1e30 in Double"
    case .double1e200: "1e200 in Double"
    }
  }

  /// The factor every gradient is multiplied by.
  var scale: Double {
    switch self {
    case .float1e30, .double1e30: 1e30
    case .double1e200: 1e200
    }
  }

  /// Whether `g²` overflows to infinity in the scalar type.
  var squareOverflows: Bool { self != .double1e30 }

  /// The tolerance for comparing with the unscaled `Double` run: ε/√v̂ changes the
  /// unscaled steps (at most 0.1) by at most 2e-7 relative, which 1e-7 covers in
  /// `Double`; float32 rounding adds up to 1e-6 (see `floatStepsMatchDoubleSteps`).
  var tolerance: Double { self == .float1e30 ? 1e-5 : 1e-7 }

  /// The rule's weights for the gradients multiplied by ``scale``.
  func trajectory(_ rule: Rule, gradients: [Double]) throws -> [Double] {
    let scaled = gradients.map { $0 * scale }
    switch self {
    case .float1e30:
      var optimizer = try rule.make(Float.self)
      return try GateKitOptimizersTests.trajectory(of: &optimizer, gradients: scaled)
    case .double1e30, .double1e200:
      var optimizer = try rule.make(Double.self)
      return try GateKitOptimizersTests.trajectory(of: &optimizer, gradients: scaled)
    }
  }
}

/// The requirement that "the optimizers never turn a finite input into NaN", and
/// that they take the published step, tested with huge finite gradients.
@Suite("Optimizers take finite, published steps for huge finite gradients")
struct HugeGradientTests {
  @Test(arguments: Rule.allCases, HugeGradient.allCases)
  func hugeFiniteGradientsNeverTurnTheWeightIntoNaN(rule: Rule, huge: HugeGradient) throws {
    let w = try huge.trajectory(rule, gradients: gradients)
    for (step, value) in w.enumerated() {
      #expect(value.isFinite, "w\(step + 1) = \(value)")
    }
  }

  @Test(arguments: Rule.allCases, HugeGradient.allCases)
  func hugeGradientsGiveThePublishedStepsOrTheDocumentedZeroStep(rule: Rule, huge: HugeGradient)
    throws
  {
    var reference = try rule.make(Double.self)
    let unscaled = try trajectory(of: &reference, gradients: gradients)
    let w = try huge.trajectory(rule, gradients: gradients)
    if rule.isAdaptive && huge.squareOverflows {
      // Documented on `Optimizer`: once g² overflows, the squared average is infinite and
      // the step is 0 (as in PyTorch), never NaN. Only AdamW's decoupled decay still acts:
      // w ← w(1 − ηλ) = w · 0.99 per step.
      let decay = rule == .adamW ? 0.99 : 1
      expectWeights(w, [decay, decay * decay, decay * decay * decay], within: 1e-6)
    } else if rule.isAdaptive {
      // m̂/√v̂, g/√s and g/√Σg² do not change when every g is multiplied by the same
      // factor, so (up to ε) the weights are those of the unscaled gradients: Adam's
      // first step stays η = 0.1, whatever |g|.
      expectWeights(w, unscaled, within: huge.tolerance)
    } else {
      // SGD is linear in g: w − 1 scales with the gradients. Compared relative to the
      // scale; 1e-6 covers float32's rounding of the huge numbers.
      expectWeights(w.map { ($0 - 1) / huge.scale }, unscaled.map { $0 - 1 }, within: 1e-6)
    }
  }
}
