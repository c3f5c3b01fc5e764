import GateKit

/// Every built-in gate, in plain and broadcast shapes, plus a sample ``Sequential`` and
/// sample ``Graph``s: what `gatekit gradcheck` and the test suite check.
public enum BuiltInGradientChecks {
  /// The seeds each case is checked at.
  public static let seeds: [UInt64] = [1, 2, 3]

  /// The cases, one or more per built-in gate.
  ///
  /// - Returns: The cases.
  /// - Throws: Never for these fixed shapes; gate initializers validate in general.
  public static func cases() throws -> [GradientCheckCase] {
    var generator = SeededGenerator(seed: 2024)
    return [
      GradientCheckCase(Add<Double>(), shapes: [[3, 4], [3, 4]]),
      GradientCheckCase(
        Add<Double>(), shapes: [[2, 3, 4], [4], [3, 1]], note: "broadcast, 3 inputs"),
      GradientCheckCase(Subtract<Double>(), shapes: [[4, 3], [4, 3]]),
      GradientCheckCase(Subtract<Double>(), shapes: [[4, 3], [1, 3]], note: "broadcast"),
      GradientCheckCase(Multiply<Double>(), shapes: [[3, 4], [3, 4]]),
      GradientCheckCase(
        Multiply<Double>(), shapes: [[2, 3], [3], []], note: "broadcast, 3 inputs"),
      GradientCheckCase(Divide<Double>(), shapes: [[3, 4], [3, 4]], inputs: .awayFromZero),
      GradientCheckCase(
        Divide<Double>(), shapes: [[4, 3], [3]], inputs: .awayFromZero, note: "broadcast"),
      GradientCheckCase(Max<Double>(), shapes: [[3, 4], [3, 4]]),
      GradientCheckCase(
        Max<Double>(), shapes: [[3, 4], [4], [3, 1]], note: "broadcast, 3 inputs"),
      GradientCheckCase(MatMul<Double>(), shapes: [[3, 4], [4, 5]]),
      GradientCheckCase(try Scale<Double>(2.5), shapes: [[3, 4]]),
      GradientCheckCase(Negate<Double>(), shapes: [[5]]),
      GradientCheckCase(Reciprocal<Double>(), shapes: [[3, 4]], inputs: .awayFromZero),
      GradientCheckCase(Square<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(Exp<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(Log<Double>(), shapes: [[3, 4]], inputs: .positive),
      GradientCheckCase(Abs<Double>(), shapes: [[3, 4]], inputs: .awayFromZero),
      GradientCheckCase(Sin<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(Sigmoid<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(Tanh<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(ReLU<Double>(), shapes: [[3, 4]], inputs: .awayFromZero),
      GradientCheckCase(LeakyReLU<Double>(), shapes: [[3, 4]], inputs: .awayFromZero),
      GradientCheckCase(
        try LeakyReLU<Double>(slope: 0.2), shapes: [[2, 5]], inputs: .awayFromZero),
      GradientCheckCase(Sum<Double>(), shapes: [[3, 4]]),
      GradientCheckCase(try Dense<Double>(4, 3, using: &generator), shapes: [[5, 4]]),
      GradientCheckCase(
        try sampleSequential(using: &generator), shapes: [[5, 4]], note: "sample MLP"),
      GradientCheckCase(
        try CourseCircuits.s6Staged() as Graph<Double>, shapes: [[3], [3]], names: ["x", "y"],
        note: "S6 staged, forks"),
      GradientCheckCase(
        try sampleResidualGraph(using: &generator), shapes: [[4, 3]], names: ["x"],
        note: "residual graph with Dense and forks"),
    ]
  }

  /// A small MLP using every activation: Dense → Tanh → Dense → LeakyReLU → Dense → Sigmoid.
  ///
  /// - Parameter generator: The source of the initial weights.
  /// - Returns: The model.
  /// - Throws: Never for these sizes.
  public static func sampleSequential(
    using generator: inout some RandomNumberGenerator
  ) throws -> Sequential<Double> {
    try Sequential {
      try Dense(4, 6, using: &generator)
      Tanh()
      try Dense(6, 5, using: &generator)
      LeakyReLU()
      try Dense(5, 3, using: &generator)
      Sigmoid()
    }
  }

  /// A graph with parameters and forks: `f = σ(Dense(x) + x) · x`, where `x` feeds three
  /// gates.
  ///
  /// - Parameter generator: The source of the initial weights.
  /// - Returns: The graph.
  /// - Throws: Never for these sizes.
  public static func sampleResidualGraph(
    using generator: inout some RandomNumberGenerator
  ) throws -> Graph<Double> {
    let dense = try Dense<Double>(3, 3, biasInitializer: .normal(), using: &generator)
    return try Graph(inputs: "x", outputs: "f") {
      GraphNode("h", dense, inputs: "x")
      GraphNode("s", Add(), inputs: "h", "x")
      GraphNode("o", Sigmoid(), inputs: "s")
      GraphNode("f", Multiply(), inputs: "o", "x")
    }
  }
}
