import GateKitComposers
import GateKitCore

// The DOT text of a circuit diagram and the printed form of the numbers on its wires.

extension CircuitDiagram {
  /// The colour of forward values (green).
  static let valueColor = "#1a7f37"
  /// The colour of gradients (red).
  static let gradientColor = "#cf222e"

  /// The diagram in Graphviz's DOT language, drawn left to right: one statement per line,
  /// inputs and outputs as plain names, gates as rounded boxes, and on every wire one label
  /// with the forward value in green over the gradient in red. (Separate `label` and
  /// `xlabel` attributes would put the gradient beneath the wire, but Graphviz places
  /// `xlabel`s wherever they fit, which at forks leaves no telling which wire a gradient
  /// belongs to; one two-line label keeps each pair together.) Identifiers are quoted and
  /// every label is an HTML-like label, so names may contain any character.
  ///
  /// ```swift
  /// try diagram.dot.write(toFile: "s1.dot", atomically: true, encoding: .utf8)
  /// // "input:a" -> "gate:v" [label=<<FONT COLOR="#1a7f37">5</FONT><BR/><FONT …>3</FONT>>];
  /// ```
  public var dot: String {
    let hasGradients = wires.contains { $0.gradient != nil }
    var caption: [String] = []
    if let title { caption.append(Self.html(title)) }
    let legend =
      hasGradients
      ? "on each wire, its \(Self.colored("value", Self.valueColor)) over its "
        + Self.colored("gradient", Self.gradientColor)
      : "on each wire, its \(Self.colored("value", Self.valueColor))"
    caption.append("<FONT POINT-SIZE=\"10\">\(legend)</FONT>")

    var lines = [
      "digraph circuit {",
      "  graph [rankdir=LR, nodesep=0.7, ranksep=1.0, fontname=\"Helvetica\", labelloc=t, "
        + "label=<\(caption.joined(separator: "<BR/>"))>];",
      "  node [fontname=\"Helvetica\", fontsize=12];",
      "  edge [fontname=\"Helvetica\", fontsize=11, arrowsize=0.7];",
    ]
    for node in nodes {
      var label = "<B>\(Self.html(node.name))</B>"
      if let detail = node.detail {
        label += "<BR/><FONT POINT-SIZE=\"10\">\(Self.html(detail))</FONT>"
      }
      let shape = node.role == .gate ? "shape=box, style=rounded" : "shape=plaintext"
      lines.append("  \(Self.quoted(node.id)) [\(shape), label=<\(label)>];")
    }
    for wire in wires {
      var label = Self.colored(Self.html(wire.value), Self.valueColor)
      if let gradient = wire.gradient {
        label += "<BR/>" + Self.colored(Self.html(gradient), Self.gradientColor)
      }
      lines.append(
        "  \(Self.quoted(wire.source)) -> \(Self.quoted(wire.target)) [label=<\(label)>];")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: Escaping

  /// A DOT quoted identifier: backslashes and quotes escaped, line breaks written as `\n`.
  static func quoted(_ identifier: String) -> String {
    var text = "\""
    for character in identifier {
      switch character {
      case "\\": text += "\\\\"
      case "\"": text += "\\\""
      case "\n": text += "\\n"
      case "\r", "\r\n": text += "\\r"
      default: text.append(character)
      }
    }
    return text + "\""
  }

  /// Text for an HTML-like label: escaped as XML, line breaks written as `<BR/>`.
  static func html(_ text: String) -> String {
    text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .map { XMLText.escaped(String($0)) }.joined(separator: "<BR/>")
  }

  private static func colored(_ html: String, _ color: String) -> String {
    "<FONT COLOR=\"\(color)\">\(html)</FONT>"
  }

  // MARK: Numbers

  /// A tensor as printed on a wire: the number of a rank-0 tensor, the numbers in brackets
  /// for at most four elements, otherwise the shape and the Euclidean norm
  /// (`[32×10], norm 3.162`).
  static func text<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) -> String {
    guard tensor.scalarCount > 4 else {
      return tensor.description(writingScalarsWith: { number($0.doubleValue) })
    }
    let norm = tensor.scalars.reduce(0.0) { $0 + $1.doubleValue * $1.doubleValue }.squareRoot()
    let shape = tensor.shape.map(String.init).joined(separator: "×")
    return "[\(shape)], norm \(number(norm))"
  }

  /// A number as printed on a wire: integral values as integers (`33`, `-4`), others
  /// rounded to four decimals (`0.7311`, `-0.1966`, `2.5`), or to four significant digits
  /// below 0.1 (`0.01234`, `1.235e-05`).
  static func number(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if Swift.abs(value) >= 1e15 { return String(describing: value) }  // integral already
    var decimals = 4
    var magnitude = Swift.abs(value)
    while magnitude != 0, magnitude < 0.1, decimals < 300 {
      magnitude *= 10
      decimals += 1
    }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded(), Swift.abs(rounded) < 1e15 {
      return String(Int64(rounded))
    }
    return String(describing: rounded)
  }
}
