/// A broadcasting binary operation run by the scalar kernels.
public enum BinaryOperation: Sendable, Hashable, CustomStringConvertible {
  /// `a + b`.
  case add
  /// `a − b`.
  case subtract
  /// `a · b`.
  case multiply
  /// `a / b`.
  case divide
  /// `max(a, b)`; `a` when they are equal.
  case maximum
  /// `1` where `a > b`, else `0`.
  case greater
  /// `1` where `a == b`, else `0`.
  case equal

  /// The operation's symbol or name, for error messages.
  public var description: String {
    switch self {
    case .add: "+"
    case .subtract: "−"
    case .multiply: "·"
    case .divide: "/"
    case .maximum: "maximum"
    case .greater: ">"
    case .equal: "=="
    }
  }
}
