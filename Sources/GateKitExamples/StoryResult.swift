import GateKit

/// The outcome of one of the course's training stories (S2–S5): its key numbers, a few
/// lines for people, and whether the numbers the notes promise were reached.
public struct StoryResult: Sendable {
  /// A short identifier, such as `s2` or `s5-heart`.
  public var id: String
  /// What the story shows.
  public var title: String
  /// The key numbers, in order (accuracies as fractions, costs, differences).
  public var numbers: [(name: String, value: Double)]
  /// Human-readable lines.
  public var lines: [String]
  /// Whether every promised number was reached.
  public var passed: Bool

  /// The value of a named number.
  ///
  /// - Parameter name: A name from ``numbers``.
  /// - Returns: Its value, or NaN if there is none.
  public func number(_ name: String) -> Double {
    numbers.first { $0.name == name }?.value ?? .nan
  }

  /// The story as one JSON line: `{"example":"s2",…numbers…,"passed":true}`.
  public var jsonLine: String {
    let members: [(String, JSONValue)] =
      [("example", .string(id))] + numbers.map { ($0.name, .number($0.value)) } + [
        ("passed", .bool(passed))
      ]
    return JSONValue.object(members).text
  }
}
