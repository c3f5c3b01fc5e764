import Foundation
import GateKitCore
import Testing

// The error catalog's shared helpers: each test target asserts the rows of its module in its
// ErrorCatalogTests.swift.

/// One row of the error catalog (Docs/Errors.md): a bad input to a public entry point, the
/// ``GateKitError`` case it must throw and the parts its message must contain.
public struct BadInput: Sendable, CustomTestStringConvertible {
  /// The entry point, as the catalog names it (`Dense.forward`).
  public let entry: String
  /// What is wrong with the input.
  public let input: String
  /// The name of the expected `GateKitError` case (`shapeMismatch`).
  public let errorCase: String
  /// Fragments the message must contain: the gate or operation and the values at fault.
  public let fragments: [String]
  /// Runs the entry point with the bad input; it must throw.
  public let run: @Sendable () throws -> Void

  /// A row.
  ///
  /// - Parameters:
  ///   - entry: The entry point.
  ///   - input: What is wrong with the input.
  ///   - errorCase: The expected case's name.
  ///   - fragments: Fragments the message must contain.
  ///   - run: Runs the entry point with the bad input.
  public init(
    _ entry: String, _ input: String, _ errorCase: String, _ fragments: [String],
    _ run: @escaping @Sendable () throws -> Void
  ) {
    self.entry = entry
    self.input = input
    self.errorCase = errorCase
    self.fragments = fragments
    self.run = run
  }

  /// The row as the test log shows it: `ENTRY: INPUT`.
  public var testDescription: String { "\(entry): \(input)" }
}

/// The name of an error's case, read from its payload's label (every case has one).
public func caseName(of error: GateKitError) -> String {
  Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

/// Runs `bad` and checks that it throws the expected case with the expected message.
///
/// With `GATEKIT_ERROR_CATALOG=1` in the environment it also prints the row as the catalog
/// shows it (`CATALOG|module|entry|input|case|message`), which is how Docs/Errors.md is kept
/// in step with what the library prints.
public func expectCatalogued(_ bad: BadInput, module: String, test: String) {
  do {
    try bad.run()
    Issue.record("\(bad.entry) accepted \(bad.input)")
  } catch let error as GateKitError {
    let message = error.description
    #expect(caseName(of: error) == bad.errorCase, "\(message)")
    for fragment in bad.fragments {
      #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)")
    }
    #expect(!message.contains("\n"), "the message must be one line: \(message)")
    if ProcessInfo.processInfo.environment["GATEKIT_ERROR_CATALOG"] != nil {
      print("CATALOG|\(module)|\(bad.entry)|\(bad.input)|\(bad.errorCase)|\(message)|\(test)")
    }
  } catch {
    Issue.record(
      "\(bad.entry): \(bad.input) threw \(type(of: error)), not a GateKitError: \(error)")
  }
}

/// A temporary file holding `bytes`, removed by the caller.
public func temporaryFile(_ name: String, _ bytes: Data) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gatekit-error-catalog-\(UUID().uuidString)-\(name)")
  try bytes.write(to: url)
  return url
}
