import GateKit

/// One course example run forward and backward, with its numbers confirmed by the
/// gradient checker.
public struct ExampleRun: Sendable {
  /// A short identifier, such as `s1` or `s6-neuron`.
  public var id: String
  /// What the example computes.
  public var title: String
  /// The inputs, in order.
  public var inputs: [(name: String, value: Double)]
  /// The intermediate values of the forward pass, in topological order.
  public var stages: [(name: String, value: Double)]
  /// The outputs.
  public var outputs: [(name: String, value: Double)]
  /// `d(output)/d(input)` for each input, in input order.
  public var gradients: [(name: String, value: Double)]
  /// The gradient checker's report on the same circuit at the same point.
  public var check: GradientCheckReport

  /// The run as one JSON line: the example's id, its outputs, then `gradients`, `inputs`,
  /// `stages` and `check`, for example
  /// `{"example":"s1","J":33,"gradients":{"a":3,"b":6,"c":9},…}`.
  public var jsonLine: String {
    func object(_ pairs: [(name: String, value: Double)]) -> JSONValue {
      .object(pairs.map { ($0.name, .number($0.value)) })
    }
    var members: [(String, JSONValue)] = [("example", .string(id))]
    members += outputs.map { ($0.name, .number($0.value)) }
    members += [
      ("gradients", object(gradients)),
      ("inputs", object(inputs)),
      ("stages", object(stages)),
      (
        "check", .object([("passed", .bool(check.passed)), ("max_error", .number(check.maxError))])
      ),
    ]
    return JSONValue.object(members).text
  }
}

/// The worked examples of the course notes that `gatekit examples` prints.
public enum CourseExamples {
  /// S1: `J = 3(a + bc)` at `a = 5, b = 3, c = 2` (J = 33; dJ/da = 3, dJ/db = 6, dJ/dc = 9).
  ///
  /// - Returns: The run.
  /// - Throws: A ``GateKitError`` if a gate fails (not expected).
  public static func s1() throws -> ExampleRun {
    try run(
      id: "s1", title: "J = 3(a + bc)", circuit: CourseCircuits.s1(),
      at: [("a", 5), ("b", 3), ("c", 2)])
  }

  /// S6: the sigmoid neuron at `w = [2, −3, −3]`, `x = [−1, −2]` (f = 0.73; dx = [0.39,
  /// −0.59], dw = [−0.20, −0.39, 0.20]).
  ///
  /// - Returns: The run.
  /// - Throws: A ``GateKitError`` if a gate fails (not expected).
  public static func s6Neuron() throws -> ExampleRun {
    try run(
      id: "s6-neuron", title: "f(w, x) = σ(w₀x₀ + w₁x₁ + w₂)", circuit: CourseCircuits.s6Neuron(),
      at: [("x0", -1), ("x1", -2), ("w0", 2), ("w1", -3), ("w2", -3)])
  }

  /// S6: the staged `f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)` at `x = 3, y = −4`.
  ///
  /// - Returns: The run.
  /// - Throws: A ``GateKitError`` if a gate fails (not expected).
  public static func s6Staged() throws -> ExampleRun {
    try run(
      id: "s6-staged", title: "f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)",
      circuit: CourseCircuits.s6Staged(), at: [("x", 3), ("y", -4)])
  }

  /// Every example, in the order of the course notes.
  ///
  /// - Returns: The runs.
  /// - Throws: A ``GateKitError`` if a gate fails (not expected).
  public static func all() throws -> [ExampleRun] {
    [try s1(), try s6Neuron(), try s6Staged()]
  }

  /// Runs a scalar circuit forward and backward (`d(output) = 1`) and checks it.
  private static func run(
    id: String, title: String, circuit: Graph<Double>, at point: [(name: String, value: Double)]
  ) throws -> ExampleRun {
    var circuit = circuit
    let feed = Dictionary(uniqueKeysWithValues: point.map { ($0.name, Tensor($0.value)) })
    let outputs = try circuit.forward(feed)
    let gradients = try circuit.backward(outputs.dictionary.mapValues { _ in Tensor(1) })
    let stageNames = circuit.nodes.map(\.name).filter { !circuit.outputNames.contains($0) }
    let check = try GradientChecker().check(
      circuit, inputs: point.map { Tensor($0.value) }, inputNames: point.map(\.name))
    return ExampleRun(
      id: id, title: title, inputs: point,
      stages: try stageNames.map { ($0, try circuit.value(of: $0).sum()) },
      outputs: try circuit.outputNames.map { ($0, try outputs[$0].sum()) },
      gradients: try point.map { ($0.name, try gradients[$0.name].sum()) },
      check: check)
  }
}
