import Foundation
import GateKitCore
import GateKitTestSupport
import Testing

@Suite("Seeded random numbers")
struct RandomTests {
  /// Reference values from an independent implementation of SplitMix64 seeding and
  /// xoshiro256** (Python, written from the published algorithms).
  @Test func xoshiroMatchesReferenceValues() {
    var zero = SeededGenerator(seed: 0)
    #expect(
      (0..<4).map { _ in zero.next() } == [
        0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C,
      ])
    var answer = SeededGenerator(seed: 42)
    #expect(
      (0..<4).map { _ in answer.next() } == [
        0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1,
      ])
  }

  @Test func sameSeedGivesBitIdenticalTensors() throws {
    var first = SeededGenerator(seed: 7)
    var second = SeededGenerator(seed: 7)
    let a = try Tensor<Float>.normal(shape: [50, 20], using: &first)
    let b = try Tensor<Float>.normal(shape: [50, 20], using: &second)
    #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
    #expect(first == second)
  }

  @Test func unitIntervalSamplesStayInRange() {
    var generator = SeededGenerator(seed: 3)
    let samples = (0..<100_000).map { _ in generator.nextUnitInterval() }
    #expect(samples.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = samples.reduce(0, +) / Double(samples.count)
    // Tolerance: the standard error of the mean of U[0, 1) over 1e5 draws is 9e-4; 5 of them.
    #expect(Swift.abs(mean - 0.5) < 0.0045)
  }

  @Test func normalSamplesHaveTheRequestedMoments() throws {
    var generator = SeededGenerator(seed: 5)
    let x = try Tensor<Double>.normal(
      shape: [200_000], mean: 2, standardDeviation: 3, using: &generator)
    let n = Double(x.scalarCount)
    let mean = x.sum() / n
    let variance = x.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    // Tolerances: 5 standard errors (σ/√n ≈ 0.0067 for the mean, σ²·√(2/n) ≈ 0.028 for the
    // variance).
    #expect(Swift.abs(mean - 2) < 0.034)
    #expect(Swift.abs(variance - 9) < 0.15)
  }

  @Test func uniformTensorsRespectTheirBounds() throws {
    var generator = SeededGenerator(seed: 9)
    let x = try Tensor<Float>.uniform(shape: [1000], low: -0.5, high: 0.25, using: &generator)
    #expect(x.scalars.allSatisfy { $0 >= -0.5 && $0 <= 0.25 })
  }

  @Test func invalidDistributionParametersThrow() {
    var generator = SeededGenerator(seed: 1)
    #expect(throws: GateKitError.self) {
      try Tensor<Double>.uniform(shape: [2], low: 1, high: 0, using: &generator)
    }
    #expect(throws: GateKitError.self) {
      try Tensor<Double>.normal(shape: [2], standardDeviation: -1, using: &generator)
    }
    #expect(throws: GateKitError.self) {
      try Tensor<Double>.normal(shape: [2], mean: .nan, using: &generator)
    }
  }
}
