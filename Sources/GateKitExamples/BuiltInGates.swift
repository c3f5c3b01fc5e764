/// The one list of GateKit's built-in gates (the types of GateKitGates), by type name.
///
/// The command line's `gatekit gradcheck` catalog, the conformance tests, the README's gate
/// table and GateKitGates' DocC topics are each tested against it, and it is tested against
/// the gate files themselves, so that a new gate missing from any of them fails a test.
public enum BuiltInGates {
  /// Every built-in gate's type name, in the README table's order.
  public static let names = [
    "Add", "Subtract", "Multiply", "Divide", "Max", "MatMul", "Dense", "Scale", "Negate",
    "Sigmoid", "Tanh", "Exp", "ReLU", "LeakyReLU", "Reciprocal", "Square", "Log", "Abs", "Sin",
    "Sum",
  ]
}
