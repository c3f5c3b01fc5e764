import GateKitCore
import GateKitInitializers
import GateKitTestSupport
import Testing

/// The sample mean and (population) variance of a tensor's scalars.
private func moments(_ x: Tensor<Double>) -> (mean: Double, variance: Double) {
  let n = Double(x.scalarCount)
  let mean = x.sum() / n
  let variance = x.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
  return (mean, variance)
}

@Suite("Initializers")
struct InitializerTests {
  @Test(arguments: [
    ([Int](), 1, 1), ([7], 7, 7), ([64, 32], 64, 32), ([3, 3, 16, 8], 144, 72),
  ])
  func fansReadInputByOutputLayout(shape: [Int], fanIn: Int, fanOut: Int) {
    let fans = Fans(shape: shape)
    #expect(fans.fanIn == fanIn && fans.fanOut == fanOut)
  }

  @Test func constantsFillEveryElement() throws {
    var generator = SeededGenerator(seed: 0)
    let zeros: Tensor<Float> = try Constant.zeros.makeTensor(shape: [2, 3], using: &generator)
    let threes: Tensor<Double> = try Constant.constant(3).makeTensor(shape: [4], using: &generator)
    #expect(zeros == (try Tensor(zeros: [2, 3])))
    #expect(threes == [3, 3, 3, 3])
    #expect(generator == SeededGenerator(seed: 0), "constants draw no random numbers")
  }

  /// The variance-scaling initializers with the variance each must reach for a 400 × 300
  /// weight (fan-in 400, fan-out 300).
  static let varianceCases: [(String, VarianceScaling, Double)] = [
    ("glorotUniform", .glorotUniform, 2.0 / 700),
    ("glorotNormal", .glorotNormal, 2.0 / 700),
    ("heUniform", .heUniform, 2.0 / 400),
    ("heNormal", .heNormal, 2.0 / 400),
    ("lecunUniform", .lecunUniform, 1.0 / 400),
    ("lecunNormal", .lecunNormal, 1.0 / 400),
  ]

  /// Every variance-scaling initializer hits its documented variance (and, for the uniform
  /// ones, never leaves its bound) on a large draw.
  @Test(arguments: varianceCases)
  func varianceScalingMatchesItsFormula(
    name: String, initializer: VarianceScaling, variance: Double
  )
    throws
  {
    var generator = SeededGenerator(seed: 1)
    let w: Tensor<Double> = try initializer.makeTensor(shape: [400, 300], using: &generator)
    let (mean, measured) = moments(w)
    #expect(try initializer.variance(forShape: [400, 300]) == variance)
    // Tolerances over n = 120,000 draws: the mean within 5 standard errors (5·√(v/n)) and the
    // variance within 3 % (its relative standard error is √(2/n) ≈ 0.4 % for a normal
    // and ≈ 0.26 % for a uniform distribution).
    #expect(Swift.abs(mean) < 5 * (variance / 120_000).squareRoot(), "\(name)")
    #expect(Swift.abs(measured / variance - 1) < 0.03, "\(name)")
    if initializer.distribution == .uniform {
      let bound = (3 * variance).squareRoot()
      #expect(w.scalars.allSatisfy { Swift.abs($0) <= bound }, "\(name)")
    }
  }

  @Test func scaledStandardNormalIsTheCoursesSmallRandomInit() throws {
    var generator = SeededGenerator(seed: 2)
    let w: Tensor<Double> = try RandomNormal.scaledStandardNormal().makeTensor(
      shape: [200, 200], using: &generator)
    // Tolerance: the standard deviation 0.01 within 3 % over 40,000 draws.
    #expect(Swift.abs(moments(w).variance.squareRoot() / 0.01 - 1) < 0.03)
  }

  @Test func uniformStaysInItsInterval() throws {
    var generator = SeededGenerator(seed: 3)
    let w: Tensor<Float> = try RandomUniform.uniform(low: 0.5, high: 0.75).makeTensor(
      shape: [1000], using: &generator)
    #expect(w.scalars.allSatisfy { $0 >= 0.5 && $0 <= 0.75 })
  }

  @Test(arguments: [[64, 32], [32, 64], [16, 16], [2, 3, 8]])
  func orthogonalHasOrthonormalColumnsOrRows(shape: [Int]) throws {
    var generator = SeededGenerator(seed: 4)
    let w: Tensor<Double> = try Orthogonal(gain: 2).makeTensor(shape: shape, using: &generator)
    #expect(w.shape == shape)
    let matrix = try w.reshaped(to: [w.scalarCount / shape.last!, shape.last!])
    let (rows, columns) = (matrix.shape[0], matrix.shape[1])
    // WᵀW = gain²·I for tall matrices, WWᵀ = gain²·I for wide ones.
    let gram =
      rows >= columns
      ? try matmul(matrix, matrix, transposingA: true)
      : try matmul(matrix, matrix, transposingB: true)
    let n = Swift.min(rows, columns)
    let identity = try Tensor<Double>(
      shape: [n, n], scalars: (0..<(n * n)).map { $0 % (n + 1) == 0 ? 4 : 0 })
    // Tolerance: Householder QR in Double is backward stable, errors of a few ε·n.
    #expect(maxDifference(gram, identity) < 1e-12)
  }

  @Test func sameSeedGivesBitIdenticalWeights() throws {
    for initializer in [VarianceScaling.glorotUniform, .heNormal] as [any Initializer] + [
      Orthogonal()
    ] {
      var first = SeededGenerator(seed: 99)
      var second = SeededGenerator(seed: 99)
      let a: Tensor<Float> = try initializer.makeTensor(shape: [30, 20], using: &first)
      let b: Tensor<Float> = try initializer.makeTensor(shape: [30, 20], using: &second)
      #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(initializer)")
    }
  }

  @Test func invalidShapesAndSettingsThrow() {
    var generator = SeededGenerator(seed: 5)
    #expect(throws: GateKitError.self) {
      let _: Tensor<Double> = try Orthogonal().makeTensor(shape: [5], using: &generator)
    }
    #expect(throws: GateKitError.self) {
      let _: Tensor<Double> = try VarianceScaling.heNormal.makeTensor(
        shape: [0, 3], using: &generator)
    }
    #expect(throws: GateKitError.self) {
      let _: Tensor<Double> = try VarianceScaling(scale: -1, mode: .fanIn, distribution: .normal)
        .makeTensor(shape: [3, 3], using: &generator)
    }
    #expect(throws: GateKitError.self) {
      let _: Tensor<Double> = try RandomUniform(low: 1, high: -1).makeTensor(
        shape: [3], using: &generator)
    }
  }
}
