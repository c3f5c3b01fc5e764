/// The arguments of a subcommand, consumed by name; whatever is left at the end is an error.
struct Arguments {
  private var remaining: [String]

  init(_ arguments: [String]) {
    remaining = arguments
  }

  /// Whether `--name` was given (removing it).
  mutating func flag(_ name: String) -> Bool {
    guard let index = remaining.firstIndex(of: name) else { return false }
    remaining.remove(at: index)
    return true
  }

  /// The value of `--name VALUE` or `--name=VALUE` (removing both), or `nil` if absent.
  mutating func option(_ name: String) throws -> String? {
    let occurrences = remaining.filter { $0 == name || $0.hasPrefix(name + "=") }.count
    guard occurrences <= 1 else { throw CommandLineError.repeatedOption(name) }
    if let index = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
      return String(remaining.remove(at: index).dropFirst(name.count + 1))
    }
    guard let index = remaining.firstIndex(of: name) else { return nil }
    guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
      throw CommandLineError.missingValue(option: name)
    }
    remaining.remove(at: index)
    return remaining.remove(at: index)
  }

  /// The value of `--name` converted to `T`, or `nil` if absent.
  mutating func option<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws -> T? {
    guard let text = try option(name) else { return nil }
    guard let value = T(text) else {
      throw CommandLineError.invalidValue(option: name, value: text, expected: "\(T.self)")
    }
    return value
  }

  /// The value of `--name` as an integer of at least 1 (a count such as epochs or a batch
  /// size), or `nil` if absent.
  mutating func positiveOption(_ name: String) throws -> Int? {
    guard let text = try option(name) else { return nil }
    guard let value = Int(text), value >= 1 else {
      throw CommandLineError.invalidValue(option: name, value: text, expected: "positive integer")
    }
    return value
  }

  /// Whether the first remaining argument is `name` (removing it): a nested subcommand.
  mutating func takeSubcommand(_ name: String) -> Bool {
    guard remaining.first == name else { return false }
    remaining.removeFirst()
    return true
  }

  /// Throws for the first argument nobody consumed.
  func finish() throws {
    if let unknown = remaining.first { throw CommandLineError.unknownArgument(unknown) }
  }
}

/// A mistake on the command line: reported in one line, exit status 2.
enum CommandLineError: Error, CustomStringConvertible {
  case unknownCommand(String)
  case unknownArgument(String)
  case missingValue(option: String)
  case missingOption(String, command: String)
  case invalidValue(option: String, value: String, expected: String)
  case repeatedOption(String)

  var description: String {
    switch self {
    case .unknownCommand(let name): "unknown command '\(name)' (see 'gatekit help')"
    case .unknownArgument(let argument): "unknown argument '\(argument)' (see 'gatekit help')"
    case .missingValue(let option): "option \(option) needs a value"
    case .missingOption(let option, let command): "gatekit \(command) needs \(option)"
    case .invalidValue(let option, let value, let expected):
      "option \(option): '\(value)' is not a valid \(expected)"
    case .repeatedOption(let option): "option \(option) is given more than once"
    }
  }
}
