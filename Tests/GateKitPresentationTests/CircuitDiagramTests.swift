import Foundation
import GateKit
import GateKitTestSupport
import Testing

@Suite("Circuit diagrams")
struct CircuitDiagramTests {
  // MARK: Reading the DOT text back

  /// A node or edge statement of the DOT text, with its identifiers unescaped and its
  /// label split into the green and red parts.
  private struct Statement: Equatable {
    var source: String
    var target: String?  // nil for a node
    var label: String
    var value: String?  // the text in green
    var gradient: String?  // the text in red
  }

  /// Parses the lines `"id" [...];` and `"id" -> "id" [...];` of a diagram's DOT text.
  private func statements(_ dot: String) throws -> [Statement] {
    try dot.split(separator: "\n").compactMap { line -> Statement? in
      var rest = Substring(line.drop { $0 == " " })
      guard rest.first == "\"" else { return nil }
      let source = try quoted(&rest)
      var target: String?
      if rest.hasPrefix(" -> ") {
        rest = rest.dropFirst(4)
        target = try quoted(&rest)
      }
      guard let start = rest.range(of: "label=<"), rest.hasSuffix(">];") else {
        throw ParseError(line: String(line))
      }
      let label = String(rest[start.upperBound..<rest.index(rest.endIndex, offsetBy: -3)])
      return Statement(
        source: source, target: target, label: label, value: font("#1a7f37", in: label),
        gradient: font("#cf222e", in: label))
    }
  }

  private struct ParseError: Error {
    var line: String
  }

  /// Reads a DOT quoted string from the front of `text`, undoing `\"` and `\\`.
  private func quoted(_ text: inout Substring) throws -> String {
    guard text.first == "\"" else { throw ParseError(line: String(text)) }
    text = text.dropFirst()
    var result = ""
    while let character = text.first {
      text = text.dropFirst()
      switch character {
      case "\"": return result
      case "\\":
        guard let next = text.first else { throw ParseError(line: String(text)) }
        text = text.dropFirst()
        result.append(next == "n" ? "\n" : next)
      default: result.append(character)
      }
    }
    throw ParseError(line: String(text))
  }

  /// The text inside `<FONT COLOR="color">…</FONT>`, or nil.
  private func font(_ color: String, in label: String) -> String? {
    guard let open = label.range(of: "<FONT COLOR=\"\(color)\">"),
      let close = label.range(of: "</FONT>", range: open.upperBound..<label.endIndex)
    else { return nil }
    return String(label[open.upperBound..<close.lowerBound])
  }

  private func nodes(_ dot: String) throws -> [String: String] {
    Dictionary(
      uniqueKeysWithValues: try statements(dot).filter { $0.target == nil }.map {
        ($0.source, $0.label)
      })
  }

  private func edges(_ dot: String) throws -> [Statement] {
    try statements(dot).filter { $0.target != nil }
  }

  /// The one edge from `source` to `target`.
  private func edge(_ source: String, _ target: String, in dot: String) throws -> Statement? {
    let matches = try edges(dot).filter { $0.source == source && $0.target == target }
    return matches.count == 1 ? matches[0] : nil
  }

  private func s1() throws -> Graph<Double> {
    try Graph(inputs: "a", "b", "c", outputs: "J") {
      GraphNode("u", Multiply(), inputs: "b", "c")  // u = b·c
      GraphNode("v", Add(), inputs: "a", "u")  // v = a + u
      GraphNode("J", try Scale(3), inputs: "v")  // J = 3v
    }
  }

  // MARK: Graphs

  /// SEEDS S1, J = 3(a + bc) at a = 5, b = 3, c = 2: every wire carries its value and the
  /// gradient along it, exactly (all integers).
  @Test func s1WiresCarryTheValuesAndGradientsOfTheNotes() throws {
    let diagram = try CircuitDiagram(s1(), inputs: ["a": 5, "b": 3, "c": 2], upstream: 1)
    let dot = diagram.dot
    #expect(dot.hasPrefix("digraph circuit {\n") && dot.hasSuffix("}\n"))

    let nodes = try nodes(dot)
    #expect(
      Set(nodes.keys) == [
        "input:a", "input:b", "input:c", "gate:u", "gate:v", "gate:J", "output:J",
      ])
    #expect(nodes["gate:u"] == #"<B>u</B><BR/><FONT POINT-SIZE="10">Multiply</FONT>"#)
    #expect(nodes["gate:J"]?.contains("Scale(3.0)") == true)
    #expect(nodes["input:a"] == "<B>a</B>" && nodes["output:J"] == "<B>J</B>")

    let expected: [(String, String, value: String, gradient: String)] = [
      ("input:b", "gate:u", "3", "6"),  // dJ/db = c · dJ/du = 2 · 3
      ("input:c", "gate:u", "2", "9"),  // dJ/dc = b · dJ/du = 3 · 3
      ("input:a", "gate:v", "5", "3"),  // dJ/da
      ("gate:u", "gate:v", "6", "3"),  // u = bc = 6, dJ/du = 3
      ("gate:v", "gate:J", "11", "3"),  // v = a + bc = 11, dJ/dv = 3
      ("gate:J", "output:J", "33", "1"),  // J = 33, dJ/dJ = 1
    ]
    let edges = try edges(dot)
    #expect(edges.count == expected.count)
    for (source, target, value, gradient) in expected {
      let wire = try edge(source, target, in: dot)
      #expect(wire?.value == value, "value on \(source) → \(target)")
      #expect(wire?.gradient == gradient, "gradient on \(source) → \(target)")
    }
    // The structured form says the same.
    #expect(diagram.wires.count == 6)
    #expect(
      diagram.wires.first { $0.source == "input:c" }
        == CircuitDiagram.Wire(source: "input:c", target: "gate:u", value: "2", gradient: "9"))
    #expect(diagram.nodes.map(\.role) == [.input, .input, .input, .gate, .gate, .gate, .output])
  }

  @Test func theTitleAndLegendAreTheCaption() throws {
    var diagram = try CircuitDiagram(s1(), inputs: ["a": 5, "b": 3, "c": 2], upstream: 1)
    diagram.title = "J = 3(a + bc) & <more>"
    let graphLine = diagram.dot.split(separator: "\n").first { $0.hasPrefix("  graph [") }
    #expect(graphLine?.contains("label=<J = 3(a + bc) &amp; &lt;more&gt;<BR/>") == true)
    #expect(graphLine?.contains(##"<FONT COLOR="#cf222e">gradient</FONT>"##) == true)
  }

  /// f = x·y + x² at x = 3, y = −2: x forks into two gates, which send back different
  /// gradients (y = −2 and 2x = 6); their sum is the graph's df/dx = 4.
  @Test func eachBranchOfAForkCarriesItsConsumersGradient() throws {
    var graph = try Graph<Double>(inputs: "x", "y", outputs: "f") {
      GraphNode("p", Multiply(), inputs: "x", "y")
      GraphNode("s", Square(), inputs: "x")
      GraphNode("f", Add(), inputs: "p", "s")
    }
    let diagram = try CircuitDiagram(graph, inputs: ["x": 3, "y": -2], upstream: 1)
    let dot = diagram.dot
    #expect(try edge("input:x", "gate:p", in: dot)?.gradient == "-2")
    #expect(try edge("input:x", "gate:s", in: dot)?.gradient == "6")
    #expect(try edge("input:y", "gate:p", in: dot)?.gradient == "3")
    #expect(try edge("gate:p", "gate:f", in: dot)?.value == "-6")
    #expect(try edge("gate:s", "gate:f", in: dot)?.value == "9")
    _ = try graph.forward(["x": 3, "y": -2])
    let total = try graph.backward(["f": 1])["x"]
    #expect(total == 4)  // −2 + 6
    #expect(try graph.value(of: "p") == -6)  // the diagram ran on a copy; the graph is as before
  }

  /// A gate that reads one value twice has two wires from it, each with its own gradient:
  /// for x·x at x = 3 each input receives the other factor, 3.
  @Test func aGateReadingAValueTwiceHasTwoWires() throws {
    let graph = try Graph<Double>(inputs: "x", outputs: "square") {
      GraphNode("square", Multiply(), inputs: "x", "x")
    }
    let edges = try edges(CircuitDiagram(graph, inputs: ["x": 3], upstream: 1).dot)
    let fromX = edges.filter { $0.source == "input:x" && $0.target == "gate:square" }
    #expect(fromX.count == 2)
    #expect(fromX.allSatisfy { $0.value == "3" && $0.gradient == "3" })
  }

  @Test func withoutUpstreamTheWiresShowValuesOnly() throws {
    let diagram = try CircuitDiagram(s1(), inputs: ["a": 5, "b": 3, "c": 2])
    #expect(diagram.wires.allSatisfy { $0.gradient == nil })
    #expect(!diagram.dot.contains("#cf222e"))
    let edges = try edges(diagram.dot)
    #expect(edges.count == 6)
    #expect(edges.allSatisfy { $0.value != nil && $0.gradient == nil })
    #expect(edges.allSatisfy { !$0.label.contains("<BR/>") })
    #expect(try edge("gate:J", "output:J", in: diagram.dot)?.value == "33")
  }

  @Test func severalOutputsTakeTheirUpstreamGradientsByName() throws {
    let graph = try Graph<Double>(inputs: "x", outputs: "h", "f") {
      GraphNode("h", try Scale(2), inputs: "x")
      GraphNode("f", Square(), inputs: "h")
    }
    let dot = try CircuitDiagram(graph, inputs: ["x": 3], upstream: ["f": 1]).dot
    #expect(try edge("gate:h", "output:h", in: dot)?.gradient == "0")  // h given no gradient
    #expect(try edge("gate:h", "gate:f", in: dot)?.gradient == "12")  // 2h
    #expect(try edge("input:x", "gate:h", in: dot)?.gradient == "24")
    #expect(throws: GateKitError.self) {
      try CircuitDiagram(graph, inputs: ["x": 3], upstream: 1)  // which output?
    }
    #expect(throws: GateKitError.self) { try CircuitDiagram(graph, inputs: ["y": 3]) }
  }

  /// Quotes, backslashes, line breaks and HTML's special characters in names survive: the
  /// identifiers read back as the names, and the labels use entities.
  @Test func oddNamesAreEscaped() throws {
    let names = ["say \"hi\"", #"back\slash\"#, "<x & y>", "two\nlines"]
    let graph = try Graph<Double>(
      inputs: [names[0], names[1]], outputs: [names[3]],
      nodes: [
        GraphNode(names[2], Add(), inputs: names[0], names[1]),
        GraphNode(names[3], Negate(), inputs: names[2]),
      ])
    let diagram = try CircuitDiagram(
      graph, inputs: [names[0]: 1, names[1]: 2], upstream: 1)
    let dot = diagram.dot
    #expect(
      dot.contains(#""input:say \"hi\"" [shape=plaintext, label=<<B>say &quot;hi&quot;</B>>];"#))
    #expect(dot.contains(#""input:back\\slash\\" -> "gate:<x & y>""#))
    #expect(dot.contains("<B>&lt;x &amp; y&gt;</B>"))
    #expect(dot.contains("<B>two<BR/>lines</B>"))
    #expect(dot.split(separator: "\n").count == 4 + 5 + 4 + 1)  // header, nodes, edges, brace
    let nodes = try nodes(dot)
    #expect(
      Set(nodes.keys) == [
        "input:" + names[0], "input:" + names[1], "gate:" + names[2], "gate:" + names[3],
        "output:" + names[3],
      ])
    #expect(try edge("input:" + names[1], "gate:" + names[2], in: dot)?.gradient == "-1")
  }

  /// Graphviz itself accepts the escaped text (when it is installed).
  @Test(.enabled(if: graphvizPath != nil))
  func graphvizRendersOddNames() throws {
    let graph = try Graph<Double>(inputs: "a\"\\", "<b>", outputs: "c&d") {
      GraphNode("c&d", Add(), inputs: "a\"\\", "<b>")
    }
    let dot = try CircuitDiagram(graph, inputs: ["a\"\\": 1, "<b>": 2], upstream: 1).dot
    let process = Process()
    process.executableURL = graphvizPath
    process.arguments = ["-Tsvg"]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(dot.utf8))
    try input.fileHandleForWriting.close()
    let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let warnings = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(warnings.isEmpty, "dot: \(warnings)")
    #expect(svg.contains("&lt;b&gt;") && svg.contains("c&amp;d"))
  }

  // MARK: Sequential

  /// Scale(2) then Sigmoid at x = −0.5: the chain input → layers.0 → layers.1 → output,
  /// with σ(−1) = 0.26894, σ′(−1) = 0.19661 and dx = 2σ′(−1) = 0.39322, printed to four
  /// decimals.
  @Test func aSequentialIsAChain() throws {
    let model = try Sequential<Double> {
      try Scale(2)
      Sigmoid()
    }
    let dot = try CircuitDiagram(model, input: -0.5, upstream: 1).dot
    let nodes = try nodes(dot)
    #expect(Set(nodes.keys) == ["input:input", "gate:layers.0", "gate:layers.1", "output:output"])
    #expect(nodes["gate:layers.0"]?.contains("<B>layers.0</B>") == true)
    #expect(nodes["gate:layers.1"]?.contains("Sigmoid") == true)
    let chain = try edges(dot).map { "\($0.source)→\($0.target ?? "")" }
    #expect(
      chain == [
        "input:input→gate:layers.0", "gate:layers.0→gate:layers.1",
        "gate:layers.1→output:output",
      ])
    let values = try edges(dot).map(\.value)
    let gradients = try edges(dot).map(\.gradient)
    #expect(values == ["-0.5", "-1", "0.2689"])
    #expect(gradients == ["0.3932", "0.1966", "1"])
  }

  /// Batches print their shape and norm; a Dense layer's weights do not appear (only
  /// values flow along wires).
  @Test func largeTensorsPrintTheirShapeAndNorm() throws {
    var generator = SeededGenerator(seed: 4)
    let model = try Sequential<Double> {
      try Dense(3, 2, using: &generator)
      ReLU()
    }
    let x = try Tensor<Double>(repeating: 0.5, shape: [4, 3])
    let dy = try Tensor<Double>(repeating: 1, shape: [4, 2])
    let wires = try CircuitDiagram(model, input: x, upstream: dy).wires
    #expect(wires[0].value == "[4×3], norm 1.7321")  // √(12 · 0.25) = √3
    #expect(wires[2].gradient == "[4×2], norm 2.8284")  // √8
    #expect(wires.allSatisfy { $0.value.hasPrefix("[4×") && $0.gradient?.hasPrefix("[4×") == true })
  }

  /// Numbers print as integers when integral, else to four decimals, or four significant
  /// digits below 0.1; up to four elements print in brackets. An empty Sequential is one
  /// wire from input to output carrying the input.
  @Test func numbersPrintAsIntegersOrToFourDecimals() throws {
    func printed(_ tensor: Tensor<Double>) throws -> String {
      try CircuitDiagram(Sequential<Double>([]), input: tensor).wires[0].value
    }
    #expect(try printed(33) == "33")
    #expect(try printed(-4) == "-4")
    #expect(try printed(-0.19661193324148185) == "-0.1966")
    #expect(try printed(0.7310585786300049) == "0.7311")
    #expect(try printed(123.456_78) == "123.4568")
    #expect(try printed(2.999_99) == "3")
    #expect(try printed(0.012_346) == "0.01235")
    #expect(try printed(1e-7) == "1e-07")
    #expect(try printed(Tensor(Double.nan)) == "nan")
    #expect(try printed([1, -2.5, 0.25, 0]) == "[1, -2.5, 0.25, 0]")
    #expect(try printed(Tensor(rows: [[1, 2], [3, 4]])) == "[[1, 2], [3, 4]]")
    #expect(try printed(Tensor(shape: [1, 1], scalars: [5])) == "[[5]]")
    #expect(try printed(Tensor(zeros: [2, 3])) == "[2×3], norm 0")
    let float = try CircuitDiagram(Sequential<Float>([]), input: Tensor(Float(0.1))).wires[0]
    #expect(float.value == "0.1")  // 0.1f is 0.100000001… in Double
  }
}

/// Graphviz's `dot`, if it is on the PATH.
private let graphvizPath: URL? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  return path.split(separator: ":").map {
    URL(fileURLWithPath: String($0)).appendingPathComponent("dot")
  }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()
