import GateKit
import GateKitExamples
import Testing

/// The gradient checker over every case of the built-in catalog (every gate in plain and
/// broadcast shapes, a sample Sequential and sample Graphs) at every seed: the same checks
/// `gatekit gradcheck` runs.
@Suite("Gradient checks of every built-in gate")
struct GradientCheckCatalogTests {
  static let cases = (try? BuiltInGradientChecks.cases()) ?? []

  @Test func catalogCoversEveryBuiltInGate() throws {
    let checked = Set(Self.cases.map { "\(type(of: $0.gate))" })
    for kind in GateKind.allCases {
      let gate = try kind.make(Double.self)
      #expect(checked.contains("\(type(of: gate))"), "\(kind) has no gradient-check case")
    }
    #expect(Self.cases.count >= 25)
  }

  /// Tolerance: the checker's default, 1e-7 on `|a − n| / max(|a|, |n|, 1)`, with centered
  /// differences of step 1e-5·max(1, |x|) in Double; the largest error measured over this
  /// catalog was 2.1e-9.
  @Test(arguments: cases.indices, BuiltInGradientChecks.seeds)
  func gradientsMatchFiniteDifferences(index: Int, seed: UInt64) throws {
    let testCase = Self.cases[index]
    let report = try testCase.check(seed: seed)
    #expect(report.passed, "\(testCase)\n\(report.table)")
    #expect(report.maxError < 1e-7)
    #expect(report.entries.count == testCase.inputShapes.count + testCase.gate.parameters.count)
  }
}
