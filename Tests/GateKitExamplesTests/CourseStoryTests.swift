import GateKit
import GateKitExamples
import Testing

/// The course's training stories reproduce the numbers SEEDS.md promises.
@Suite("The course's training stories (S2–S5)")
struct CourseStoryTests {
  /// S2: the explicit loop of the course and the vectorized gates agree; gradient descent
  /// reaches ≥ 96.5 % (anchor: scikit-learn's logistic regression, 98.25 %).
  @Test func s2LogisticRegression() throws {
    let story = try S2LogisticRegression.run()
    // Tolerance: the same sums in another order, over 455 examples, in Double.
    #expect(story.number("gradient_difference") < 1e-12)
    #expect(story.number("cost_difference") < 1e-12)
    #expect(story.number("test_accuracy") >= 0.965)
    #expect(story.passed)
  }

  /// S3: the delta recursion equals the gates' backward pass and the checker.
  @Test func s3DeltaRecursion() throws {
    let story = try S3DeltaRecursion.run()
    #expect(story.number("recursion_difference") < 1e-12)
    #expect(story.number("check_max_error") < 1e-7)
    #expect(story.passed)
  }

  /// S4: the 2-4-1 tanh network reaches ≥ 82 % (anchor 86.0 ± 0.6 %), logistic regression
  /// stays near chance.
  @Test func s4PlanarFlower() throws {
    let story = try S4PlanarFlower.run()
    #expect(story.number("test_accuracy") >= 0.82)
    #expect(story.number("logistic_test_accuracy") < 0.6)
  }

  /// S4: all-zero weights leave every hidden unit identical; randn × 0.01 does not.
  @Test func s4ZeroInitializationNeverBreaksSymmetry() throws {
    let story = try S4PlanarFlower.runInitialization()
    #expect(story.number("zero_init_unit_spread") == 0)
    #expect(story.number("random_init_unit_spread") > 1e-3)
  }

  /// S5: df/dt = cos(t − 1)·e through the graph.
  @Test func s5TotalDerivative() throws {
    let story = try S5ChainRule.runTotalDerivative()
    // Tolerance: a handful of Double roundings through eight gates.
    #expect(story.number("difference") < 1e-12)
  }

  /// S5: the heart network's median cost over five seeds is at most 0.0025 (anchor
  /// 0.00170 ± 0.00029).
  @Test func s5HeartNetwork() throws {
    let story = try S5ChainRule.runHeart()
    #expect(story.number("median_cost") <= 0.0025)
    #expect(story.jsonLine.hasPrefix(#"{"example":"s5-heart","median_cost":"#))
  }
}
