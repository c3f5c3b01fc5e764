import GateKitCore

/// One element of an SVG document: a name, attributes in a fixed order, optional text and
/// child elements.
///
/// Attribute values and text are escaped for XML when the element is rendered, so any
/// string (a dataset name with `<` or `&`, say) yields well-formed markup. Numbers are
/// written with at most two decimals; a non-finite number is written as `0`, so no `nan`
/// or `inf` ever reaches the markup.
///
/// ```swift
/// let label = SVGElement(
///   "text", ["x": .number(10), "y": .number(20), "class": "label"], text: "loss < 1")
/// print(label.markup)  // <text x="10" y="20" class="label">loss &lt; 1</text>
/// ```
public struct SVGElement: Sendable {
  /// The element's name, such as `line`, `text` or `g`.
  public var name: String
  /// The attributes, written in this order.
  public var attributes: [(name: String, value: Value)]
  /// The text content, written before the children.
  public var text: String?
  /// The child elements.
  public var children: [SVGElement]

  /// An element.
  ///
  /// - Parameters:
  ///   - name: The element's name, such as `polyline`.
  ///   - attributes: The attributes, in the order they are written.
  ///   - text: The text content, if any.
  ///   - children: The child elements.
  ///
  /// ```swift
  /// let group = SVGElement("g", ["class": "axis"], children: [
  ///   SVGElement("line", ["x1": 0, "y1": 0, "x2": 100, "y2": 0])
  /// ])
  /// ```
  public init(
    _ name: String, _ attributes: KeyValuePairs<String, Value> = [:], text: String? = nil,
    children: [SVGElement] = []
  ) {
    self.name = name
    self.attributes = attributes.map { (name: $0.key, value: $0.value) }
    self.text = text
    self.children = children
  }

  /// The value of the attribute named `name`, if the element has one.
  ///
  /// - Parameter name: The attribute's name.
  /// - Returns: The attribute's value as written in the markup (unescaped), or `nil`.
  ///
  /// ```swift
  /// SVGElement("rect", ["width": 12.5]).attribute("width")  // "12.5"
  /// ```
  public func attribute(_ name: String) -> String? {
    attributes.last { $0.name == name }?.value.text
  }

  /// Sets the attribute named `name`, replacing its value or appending it.
  ///
  /// - Parameters:
  ///   - name: The attribute's name.
  ///   - value: The new value.
  ///
  /// ```swift
  /// var line = SVGElement("line")
  /// line.setAttribute("stroke", to: "black")
  /// ```
  public mutating func setAttribute(_ name: String, to value: Value) {
    if let index = attributes.firstIndex(where: { $0.name == name }) {
      attributes[index].value = value
    } else {
      attributes.append((name: name, value: value))
    }
  }

  /// Appends a child element.
  ///
  /// - Parameter child: The element to add after the existing children.
  ///
  /// ```swift
  /// var group = SVGElement("g")
  /// group.append(SVGElement("circle", ["r": 2]))
  /// ```
  public mutating func append(_ child: SVGElement) {
    children.append(child)
  }

  /// The element as XML text: one element per line, children indented by two spaces.
  ///
  /// ```swift
  /// SVGElement("circle", ["r": 2]).markup  // <circle r="2"/>
  /// ```
  public var markup: String {
    var output = ""
    write(to: &output, depth: 0)
    return output
  }

  /// Appends the element's markup, indented for `depth`, to `output`.
  func write(to output: inout String, depth: Int) {
    let indent = String(repeating: "  ", count: depth)
    output += indent + "<" + name
    for attribute in attributes {
      output += " " + attribute.name + "=\"" + XMLText.escaped(attribute.value.text) + "\""
    }
    if children.isEmpty {
      if let text {
        output += ">" + XMLText.escaped(text) + "</" + name + ">\n"
      } else {
        output += "/>\n"
      }
      return
    }
    output += ">"
    if let text { output += XMLText.escaped(text) }
    output += "\n"
    for child in children {
      child.write(to: &output, depth: depth + 1)
    }
    output += indent + "</" + name + ">\n"
  }
}
