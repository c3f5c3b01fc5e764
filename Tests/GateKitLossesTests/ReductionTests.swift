import GateKit
import Testing

@Suite("Reductions")
struct ReductionTests {
  @Test func divisorsFollowTheDocumentedRules() {
    #expect(Reduction.sum.divisor(forShape: [4, 3]) == 1)
    #expect(Reduction.mean.divisor(forShape: [4, 3]) == 12)
    #expect(Reduction.batchMean.divisor(forShape: [4, 3]) == 4)
    #expect(Reduction.batchMean.divisor(forShape: []) == 1)
  }
}
