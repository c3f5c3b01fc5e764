import GateKitCore
import GateKitData
import GateKitTestSupport
import Testing

/// Per-column mean and population standard deviation, in `Double`.
private func columnMoments<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> [(
  mean: Double, deviation: Double
)] {
  let (n, d) = (x.shape[0], x.shape[1])
  return (0..<d).map { j in
    let column = (0..<n).map { x.scalars[$0 * d + j].doubleValue }
    let mean = column.reduce(0, +) / Double(n)
    let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    return (mean, variance.squareRoot())
  }
}

private let root5 = Double(5).squareRoot()
private let root14 = Double(14).squareRoot()

@Suite("Standardizer")
struct StandardizerTests {
  /// Column 0 is 1, 3, 5, 7 (μ = 4, σ = √5); column 1 is 2, 4, 6, 12 (μ = 6, σ = √14; the
  /// sample deviation would be √(56/3)); column 2 is the constant 10.
  static let training = [[1.0, 2, 10], [3, 4, 10], [5, 6, 10], [7, 12, 10]]

  @Test func fitsMeansAndPopulationStandardDeviations() throws {
    let scaler = try Standardizer(fitting: Tensor<Double>(rows: Self.training))
    #expect(scaler.mean == [4, 6, 10])
    // Tolerance: a few roundings of values below 100 (ulp ≤ 1.4e-14).
    #expect(maxDifference(scaler.standardDeviation, [root5, root14, 1]) < 1e-14)
  }

  @Test func constantColumnIsOnlyCentered() throws {
    let x = try Tensor<Double>(rows: Self.training)
    let scaler = try Standardizer(fitting: x)
    #expect(try scaler.standardDeviation[2] == 1)
    let z = try scaler.transform(x)
    #expect((0..<4).allSatisfy { (try? z[$0, 2]) == 0 })
  }

  @Test func transformedTrainingFeaturesAreTheExpectedZScores() throws {
    let x = try Standardizer(fitting: Tensor<Double>(rows: Self.training)).transform(
      Tensor(rows: Self.training))
    let expected = try Tensor<Double>(rows: [
      [-3 / root5, -4 / root14, 0],
      [-1 / root5, -2 / root14, 0],
      [1 / root5, 0, 0],
      [3 / root5, 6 / root14, 0],
    ])
    // Tolerance: two roundings of values below 2 (ulp 4.4e-16), with margin.
    #expect(maxDifference(x, expected) < 1e-15)
  }

  @Test func randomColumnsOfEveryScaleGetMeanZeroAndDeviationOneInDouble() throws {
    var generator = SeededGenerator(seed: 11)
    let noise = try Tensor<Double>.normal(shape: [200, 4], using: &generator)
    let x = try noise * Tensor([1e-3, 1, 50, 1e4]) + Tensor([5, -3, 1e3, 7])
    let z = try Standardizer(fitting: x).transform(x)
    for (column, moments) in columnMoments(z).enumerated() {
      // Tolerance: sums of 200 values of order 1 in Double carry errors near 200 · 2⁻⁵³ ≈
      // 2e-14; 1e-12 leaves ample margin.
      #expect(Swift.abs(moments.mean) < 1e-12, "column \(column)")
      #expect(Swift.abs(moments.deviation - 1) < 1e-12, "column \(column)")
    }
  }

  @Test func randomColumnsGetMeanZeroAndDeviationOneInFloat() throws {
    var generator = SeededGenerator(seed: 12)
    let noise = try Tensor<Float>.normal(shape: [200, 3], using: &generator)
    let x = try noise * Tensor([0.5, 2, 30]) + Tensor([1, -10, 100])
    let z = try Standardizer(fitting: x).transform(x)
    for (column, moments) in columnMoments(z).enumerated() {
      // Tolerance: Float sums of 200 terms lose up to about 200 · 2⁻²⁴ ≈ 1.2e-5 relative;
      // an offset of 100 against a spread of 30 costs a few ulps more. 1e-4.
      #expect(Swift.abs(moments.mean) < 1e-4, "column \(column)")
      #expect(Swift.abs(moments.deviation - 1) < 1e-4, "column \(column)")
    }
  }

  @Test func otherSetsUseTheTrainingStatistics() throws {
    let scaler = try Standardizer(fitting: Tensor<Double>(rows: Self.training))
    let z = try scaler.transform(Tensor(rows: [[4, 6, 10], [9, 20, 11]]))
    let expected = try Tensor<Double>(rows: [[0, 0, 0], [5 / root5, 14 / root14, 1]])
    // Tolerance: two roundings of values below 4 (ulp 8.9e-16), with margin.
    #expect(maxDifference(z, expected) < 2e-15)
  }

  @Test func singleExampleIsOnlyCentered() throws {
    let scaler = try Standardizer(fitting: Tensor<Float>(rows: [[3, -2]]))
    #expect(scaler.mean == [3, -2])
    #expect(scaler.standardDeviation == [1, 1])
  }

  @Test func wrongFeatureCountIsRejected() throws {
    let scaler = try Standardizer(fitting: Tensor<Double>(rows: Self.training))
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Standardizer.transform", expected: "features of shape [examples, 3]",
        actual: [2, 2])
    ) {
      try scaler.transform(Tensor(zeros: [2, 2]))
    }
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Standardizer.transform", expected: "features of shape [examples, 3]",
        actual: [3])
    ) {
      try scaler.transform([1, 2, 3])
    }
  }

  @Test("Empty or non-matrix input cannot be fitted", arguments: [[0, 3], [3], [2, 2, 2]])
  func emptyOrNonMatrixInputIsRejected(shape: [Int]) throws {
    #expect(
      throws: GateKitError.shapeMismatch(
        operation: "Standardizer", expected: "a non-empty matrix [examples, features]",
        actual: shape)
    ) {
      try Standardizer(fitting: Tensor<Double>(zeros: shape))
    }
  }

  /// A constant column whose mean is not exactly representable: the computed σ is about
  /// 1.4e-17 instead of 0, so the column is divided by rounding noise instead of only
  /// being centered (each value becomes -1 rather than 0).
  @Test func constantColumnWithAnInexactMeanIsOnlyCentered() throws {
    let x = try Tensor<Double>(rows: [[0.1, 1], [0.1, 2], [0.1, 3]])
    let scaler = try Standardizer(fitting: x)
    let deviation = try scaler.standardDeviation[0]
    let column = try scaler.transform(x).scalars.enumerated().filter { $0.offset % 2 == 0 }
      .map(\.element)
    #expect(deviation == 1)
    // Tolerance: centering leaves at most a rounding of 0.1 (ulp 1.4e-17).
    #expect(column.allSatisfy { Swift.abs($0) < 1e-15 }, "\(column)")
  }
}
