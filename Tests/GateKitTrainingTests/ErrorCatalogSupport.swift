import Foundation
import GateKit
import Testing

/// One row of the error catalog (Docs/Errors.md): a bad input to a public entry point, the
/// ``GateKitError`` case it must throw and the parts its message must contain.
struct BadInput: Sendable, CustomTestStringConvertible {
  /// The entry point, as the catalog names it (`Dense.forward`).
  let entry: String
  /// What is wrong with the input.
  let input: String
  /// The name of the expected `GateKitError` case (`shapeMismatch`).
  let errorCase: String
  /// Fragments the message must contain: the gate or operation and the values at fault.
  let fragments: [String]
  /// Runs the entry point with the bad input; it must throw.
  let run: @Sendable () throws -> Void

  init(
    _ entry: String, _ input: String, _ errorCase: String, _ fragments: [String],
    _ run: @escaping @Sendable () throws -> Void
  ) {
    self.entry = entry
    self.input = input
    self.errorCase = errorCase
    self.fragments = fragments
    self.run = run
  }

  var testDescription: String { "\(entry): \(input)" }
}

/// The name of an error's case, read from its payload's label (every case has one).
func caseName(of error: GateKitError) -> String {
  Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

/// Runs `bad` and checks that it throws the expected case with the expected message.
///
/// With `GATEKIT_ERROR_CATALOG=1` in the environment it also prints the row as the catalog
/// shows it (`CATALOG|module|entry|input|case|message`), which is how Docs/Errors.md is kept
/// in step with what the library prints.
func expectCatalogued(_ bad: BadInput, module: String, test: String) {
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
func temporaryFile(_ name: String, _ bytes: Data) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gatekit-error-catalog-\(UUID().uuidString)-\(name)")
  try bytes.write(to: url)
  return url
}

/// A small model and data used by several rows.
enum Fixture {
  static func dense(_ inputs: Int = 3, _ outputs: Int = 2) throws -> Dense<Double> {
    var generator = SeededGenerator(seed: 1)
    return try Dense(inputs, outputs, using: &generator)
  }

  static func classifier() throws -> Sequential<Double> {
    var generator = SeededGenerator(seed: 1)
    return try .perceptron(layerSizes: [2, 4, 3], activation: .relu, using: &generator)
  }

  static func labelled(count: Int = 6) throws -> Dataset<Double> {
    let features = try Tensor<Double>(
      shape: [count, 2], scalars: (0..<(2 * count)).map { Double($0) / 10 })
    return try Dataset(
      features: features, targets: Tensor((0..<count).map { Double($0 % 3) }), classCount: 3)
  }

  static func trainer() throws -> Trainer<
    Sequential<Double>, SoftmaxCrossEntropy<Double>, SGD<Double>
  > {
    Trainer(
      model: try classifier(), loss: SoftmaxCrossEntropy(), optimizer: try SGD(learningRate: 0.1))
  }
}
