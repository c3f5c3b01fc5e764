import GateKitCore

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

  /// The value of `--name` as an integer in `range` (a count such as epochs, a batch size or
  /// a number of threads), or `nil` if absent. Every count has an upper bound, so that no
  /// product computed from counts can overflow.
  mutating func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let text = try option(name) else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw CommandLineError.invalidValue(
        option: name, value: text,
        expected: "integer from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  /// The value of `--name` as a finite decimal number accepted by `isValid` (described by
  /// `expected`), or `nil` if absent: `nan`, `inf`, hexadecimal and values that overflow are
  /// refused.
  mutating func number(
    _ name: String, expected: String, where isValid: (Double) -> Bool
  ) throws -> Double? {
    guard let text = try option(name) else { return nil }
    // Decimal notation only: Double(_:) also reads hexadecimal (`0x10`) and `nan`/`inf`.
    let isDecimal = text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
    guard isDecimal, let value = Double(text), value.isFinite, isValid(value) else {
      throw CommandLineError.invalidValue(option: name, value: text, expected: expected)
    }
    return value
  }

  /// The value of `--name` as a file or directory path, or `nil` if absent: an empty path
  /// is an error (it would name the working directory's parent for a save).
  mutating func path(_ name: String) throws -> String? {
    guard let text = try option(name) else { return nil }
    guard !text.isEmpty else {
      throw CommandLineError.invalidValue(option: name, value: text, expected: "path (it is empty)")
    }
    return text
  }

  /// The comma-separated items of `--name`, or `nil` if absent: an empty list or an empty
  /// item (`""`, `","`, `4,,4`) is an error.
  mutating func list(_ name: String, expected: String) throws -> [String]? {
    guard let text = try option(name) else { return nil }
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !text.isEmpty, items.allSatisfy({ !$0.isEmpty }) else {
      throw CommandLineError.invalidValue(option: name, value: text, expected: expected)
    }
    return items
  }

  /// The comma-separated integers of `--name`, each in `range`, at most `maximumCount` of
  /// them, or `nil` if absent.
  mutating func integers(
    _ name: String, in range: ClosedRange<Int>, maximumCount: Int
  ) throws -> [Int]? {
    let expected =
      "list of at most \(maximumCount) integers from \(range.lowerBound) to \(range.upperBound)"
    guard let items = try list(name, expected: expected) else { return nil }
    let values = items.compactMap { Int($0) }.filter(range.contains)
    guard values.count == items.count, values.count <= maximumCount else {
      throw CommandLineError.invalidValue(
        option: name, value: items.joined(separator: ","), expected: expected)
    }
    return values
  }

  /// A comma-separated selection from `allowed` (all of them when `--name` is absent).
  mutating func selection(_ name: String, from allowed: [String]) throws -> [String] {
    let expected = "list of \(allowed.joined(separator: ", "))"
    guard let items = try list(name, expected: expected) else { return allowed }
    guard items.allSatisfy(allowed.contains) else {
      throw CommandLineError.invalidValue(
        option: name, value: items.joined(separator: ","), expected: expected)
    }
    return items
  }

  /// The value of a benchmark's `--min-time SECONDS`, or `nil` if absent: from 0 (one call
  /// per timing) to ``Limits/minimumTime``.
  mutating func minimumTime() throws -> Double? {
    try number(
      "--min-time", expected: "time in seconds (from 0 to \(Int(Limits.minimumTime)))"
    ) { (0...Limits.minimumTime).contains($0) }
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

/// The ranges of the counts the commands take: wide enough for any real run, narrow
/// enough that no product of them (epochs × steps, repeats × calls) can overflow.
enum Limits {
  /// Epochs of training, and the patience of early stopping.
  static let epochs = 1...1_000_000
  /// Examples per batch (a batch larger than the training set is one batch of all of it).
  static let batchSize = 1...1_000_000_000
  /// Threads for the matrix products.
  static let threads = 1...256
  /// Timed repeats of a benchmark.
  static let repeats = 1...1000
  /// Warm-up steps of a benchmark.
  static let warmup = 0...100_000
  /// The longest `--min-time` of a benchmark, in seconds.
  static let minimumTime = 60.0
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
    case .unknownCommand(let name): "unknown command '\(quotable(name))' (see 'gatekit help')"
    case .unknownArgument(let argument):
      "unknown argument '\(quotable(argument))' (see 'gatekit help')"
    case .missingValue(let option): "option \(option) needs a value"
    case .missingOption(let option, let command): "gatekit \(command) needs \(option)"
    case .invalidValue(let option, let value, let expected):
      "option \(option): '\(quotable(value))' is not a valid \(expected)"
    case .repeatedOption(let option): "option \(option) is given more than once"
    }
  }
}
