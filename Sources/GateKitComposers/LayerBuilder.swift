import GateKitCore

/// The result builder behind ``Sequential``: each statement is a layer (or any gate with one
/// input, such as a ``Graph``, wrapped in a ``SingleInputLayer``); `if`, `if`/`else` and
/// `for` loops work as in any result builder.
@resultBuilder
public enum LayerBuilder<Scalar: TensorScalar> {
  /// One layer.
  ///
  /// - Parameter layer: A layer.
  /// - Returns: A one-element list.
  public static func buildExpression(_ layer: some Layer<Scalar>) -> [any Layer<Scalar>] {
    [layer]
  }

  /// A gate that is not a layer, such as a ``Graph`` with one input.
  ///
  /// - Parameter gate: A gate that takes one input.
  /// - Returns: A one-element list holding the gate wrapped as a layer.
  public static func buildExpression(_ gate: some Gate<Scalar>) -> [any Layer<Scalar>] {
    [SingleInputLayer(gate)]
  }

  /// Several layers already in a list.
  ///
  /// - Parameter layers: The layers.
  /// - Returns: The same list.
  public static func buildExpression(_ layers: [any Layer<Scalar>]) -> [any Layer<Scalar>] {
    layers
  }

  /// The statements of a block, in order.
  ///
  /// - Parameter components: The layers of each statement.
  /// - Returns: All layers in order.
  public static func buildBlock(_ components: [any Layer<Scalar>]...) -> [any Layer<Scalar>] {
    components.flatMap { $0 }
  }

  /// An `if` without `else`.
  ///
  /// - Parameter component: The layers, if the condition held.
  /// - Returns: Those layers or none.
  public static func buildOptional(_ component: [any Layer<Scalar>]?) -> [any Layer<Scalar>] {
    component ?? []
  }

  /// The first branch of an `if`/`else`.
  ///
  /// - Parameter component: The branch's layers.
  /// - Returns: The same layers.
  public static func buildEither(first component: [any Layer<Scalar>]) -> [any Layer<Scalar>] {
    component
  }

  /// The second branch of an `if`/`else`.
  ///
  /// - Parameter component: The branch's layers.
  /// - Returns: The same layers.
  public static func buildEither(second component: [any Layer<Scalar>]) -> [any Layer<Scalar>] {
    component
  }

  /// A `for` loop.
  ///
  /// - Parameter components: The layers of each iteration.
  /// - Returns: All layers in order.
  public static func buildArray(_ components: [[any Layer<Scalar>]]) -> [any Layer<Scalar>] {
    components.flatMap { $0 }
  }
}
