import GateKitCore

/// The result builder behind ``Graph``: each statement is a ``GraphNode``; `if`,
/// `if`/`else` and `for` loops work as in any result builder.
@resultBuilder
public enum GraphBuilder<Scalar: TensorScalar> {
  /// One node.
  ///
  /// - Parameter node: A node.
  /// - Returns: A one-element list.
  public static func buildExpression(_ node: GraphNode<Scalar>) -> [GraphNode<Scalar>] {
    [node]
  }

  /// Several nodes already in a list.
  ///
  /// - Parameter nodes: The nodes.
  /// - Returns: The same list.
  public static func buildExpression(_ nodes: [GraphNode<Scalar>]) -> [GraphNode<Scalar>] {
    nodes
  }

  /// The statements of a block, in order.
  ///
  /// - Parameter components: The nodes of each statement.
  /// - Returns: All nodes in order.
  public static func buildBlock(_ components: [GraphNode<Scalar>]...) -> [GraphNode<Scalar>] {
    components.flatMap { $0 }
  }

  /// An `if` without `else`.
  ///
  /// - Parameter component: The nodes, if the condition held.
  /// - Returns: Those nodes or none.
  public static func buildOptional(_ component: [GraphNode<Scalar>]?) -> [GraphNode<Scalar>] {
    component ?? []
  }

  /// The first branch of an `if`/`else`.
  ///
  /// - Parameter component: The branch's nodes.
  /// - Returns: The same nodes.
  public static func buildEither(first component: [GraphNode<Scalar>]) -> [GraphNode<Scalar>] {
    component
  }

  /// The second branch of an `if`/`else`.
  ///
  /// - Parameter component: The branch's nodes.
  /// - Returns: The same nodes.
  public static func buildEither(second component: [GraphNode<Scalar>]) -> [GraphNode<Scalar>] {
    component
  }

  /// A `for` loop.
  ///
  /// - Parameter components: The nodes of each iteration.
  /// - Returns: All nodes in order.
  public static func buildArray(_ components: [[GraphNode<Scalar>]]) -> [GraphNode<Scalar>] {
    components.flatMap { $0 }
  }
}
