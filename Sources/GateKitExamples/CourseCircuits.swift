import GateKit

/// The circuits of the course notes (`SEEDS.md`), written with GateKit's gates, generic
/// over the scalar type.
public enum CourseCircuits {
  /// S1, the computation graph `J = 3(a + bc)`: `u = b·c`, `v = a + u`, `J = 3v`.
  ///
  /// - Returns: A graph with inputs `a`, `b`, `c` and output `J`.
  /// - Throws: Never for this fixed wiring; the graph initializer validates in general.
  public static func s1<Scalar: TensorScalar>() throws -> Graph<Scalar> {
    try Graph(inputs: "a", "b", "c", outputs: "J") {
      GraphNode("u", Multiply(), inputs: "b", "c")  // u = b·c
      GraphNode("v", Add(), inputs: "a", "u")  // v = a + u
      GraphNode("J", try Scale(3), inputs: "v")  // J = 3v
    }
  }

  /// S6, the sigmoid neuron `f(w, x) = σ(w₀x₀ + w₁x₁ + w₂)`.
  ///
  /// - Returns: A graph with inputs `x0`, `x1`, `w0`, `w1`, `w2` and output `f`.
  /// - Throws: Never for this fixed wiring.
  public static func s6Neuron<Scalar: TensorScalar>() throws -> Graph<Scalar> {
    try Graph(inputs: "x0", "x1", "w0", "w1", "w2", outputs: "f") {
      GraphNode("w0x0", Multiply(), inputs: "w0", "x0")
      GraphNode("w1x1", Multiply(), inputs: "w1", "x1")
      GraphNode("dot", Add(), inputs: "w0x0", "w1x1", "w2")  // w₀x₀ + w₁x₁ + w₂
      GraphNode("f", Sigmoid(), inputs: "dot")  // σ reuses its output on the way back
    }
  }

  /// S6, the staged computation `f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)`, one small
  /// stage per node as in the cs231n notes. `x` and `y` each feed several stages, so their
  /// gradients add up at the forks.
  ///
  /// - Returns: A graph with inputs `x`, `y` and output `f`.
  /// - Throws: Never for this fixed wiring.
  public static func s6Staged<Scalar: TensorScalar>() throws -> Graph<Scalar> {
    try Graph(inputs: "x", "y", outputs: "f") {
      GraphNode("sigy", Sigmoid(), inputs: "y")  // σ(y)
      GraphNode("num", Add(), inputs: "x", "sigy")  // numerator x + σ(y)
      GraphNode("sigx", Sigmoid(), inputs: "x")  // σ(x)
      GraphNode("xpy", Add(), inputs: "x", "y")  // x + y
      GraphNode("xpysqr", Square(), inputs: "xpy")  // (x + y)²
      GraphNode("den", Add(), inputs: "sigx", "xpysqr")  // denominator
      GraphNode("invden", Reciprocal(), inputs: "den")  // 1 / denominator
      GraphNode("f", Multiply(), inputs: "num", "invden")  // f = num · invden
    }
  }
}
