import Foundation
import GateKit
import GateKitExamples
import Testing

/// `BuiltInGates.names` is the one list of built-in gates: the gate files, the CLI's
/// gradcheck catalog, the conformance parameters, the README table and the DocC topics must
/// all name the same gates.
@Suite("One list of built-in gates, no drift")
struct BuiltInGateListTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func text(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  /// `Scale<Double>` → `Scale`.
  static func typeName(_ gate: Any) -> String {
    String(String(describing: type(of: gate)).prefix { $0 != "<" })
  }

  @Test func theListNamesEveryGateFileAndNothingElse() throws {
    let folder = Self.root.appendingPathComponent("Sources/GateKitGates")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".swift") }
    var declared: [String] = []
    for file in files {
      let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      let pattern = /public struct (\w+)<Scalar: TensorScalar>: (Layer|Gate)\b/
      declared += source.matches(of: pattern).map { String($0.output.1) }
    }
    #expect(Set(declared) == Set(BuiltInGates.names), "declared: \(declared.sorted())")
    #expect(Set(BuiltInGates.names).count == BuiltInGates.names.count)
  }

  @Test func gradcheckCoversEveryGate() throws {
    let checked = Set(try BuiltInGradientChecks.cases().map { Self.typeName($0.gate) })
    #expect(Set(BuiltInGates.names).subtracting(checked).isEmpty, "checked: \(checked.sorted())")
  }

  @Test func theContractParametersCoverEveryGate() throws {
    let kinds = Set(try GateKind.allCases.map { Self.typeName(try $0.make(Double.self)) })
    #expect(Set(BuiltInGates.names).subtracting(kinds).isEmpty, "GateKind: \(kinds.sorted())")
  }

  @Test func theReadmeTableAndTheDocCTopicsNameEveryGate() throws {
    let readme = try Self.text("README.md")
    let table =
      readme.components(separatedBy: "## Built-in gates").dropFirst().first?
      .components(separatedBy: "\n## ").first ?? ""
    let topics = try Self.text("Sources/GateKitGates/GateKitGates.docc/GateKitGates.md")
    for name in BuiltInGates.names {
      #expect(table.contains("`\(name)`") || table.contains("`\(name)("), "README lacks \(name)")
      #expect(topics.contains("- ``\(name)``"), "GateKitGates.md lacks \(name)")
    }
  }
}
