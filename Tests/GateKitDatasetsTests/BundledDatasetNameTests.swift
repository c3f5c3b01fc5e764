import GateKitDatasets
import Testing

@Suite("Bundled dataset names")
struct BundledDatasetNameTests {
  @Test func namesAreAcceptedInTheSpellingsOfTheCommandLine() {
    #expect(BundledDataset(named: "breast_cancer") == .breastCancer)
    #expect(BundledDataset(named: "breast-cancer") == .breastCancer)
    #expect(BundledDataset(named: "breastCancer") == .breastCancer)
    #expect(BundledDataset(named: "Digits") == .digits)
    #expect(BundledDataset(named: "mnist") == nil)
  }
}
