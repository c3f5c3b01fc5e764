/// The course's training stories (S2–S5), in the order of the notes.
public enum CourseStories {
  /// Every story.
  ///
  /// - Returns: The results.
  /// - Throws: A ``GateKitCore/GateKitError`` if a story fails to run.
  public static func all() throws -> [StoryResult] {
    [
      try S2LogisticRegression.run(), try S3DeltaRecursion.run(), try S4PlanarFlower.run(),
      try S4PlanarFlower.runInitialization(), try S5ChainRule.runTotalDerivative(),
      try S5ChainRule.runHeart(),
    ]
  }
}
