/// A standalone SVG image: a size in pixels, an optional title and a list of elements,
/// rendered to XML text.
///
/// The writer is deliberately small: it knows elements, attributes and text, escapes them
/// for XML, and leaves layout to its callers (``TrainingPlot`` is one).
///
/// ```swift
/// var document = SVGDocument(width: 120, height: 40, title: "A line")
/// document.append(SVGElement("line", ["x1": 10, "y1": 20, "x2": 110, "y2": 20, "stroke": "black"]))
/// let svg = document.markup  // starts with <?xml version="1.0" encoding="UTF-8"?>
/// ```
public struct SVGDocument: Sendable {
  /// The width in pixels.
  public var width: Double
  /// The height in pixels.
  public var height: Double
  /// The document's title, written as its first `<title>` element (viewers show it as a
  /// tooltip or a window title).
  public var title: String?
  /// The elements, painted in order (later ones on top).
  public var elements: [SVGElement]

  /// A document.
  ///
  /// - Parameters:
  ///   - width: The width in pixels.
  ///   - height: The height in pixels.
  ///   - title: The document's title, if any.
  ///   - elements: The elements, painted in order.
  ///
  /// ```swift
  /// let document = SVGDocument(width: 640, height: 480)
  /// ```
  public init(width: Double, height: Double, title: String? = nil, elements: [SVGElement] = []) {
    self.width = width
    self.height = height
    self.title = title
    self.elements = elements
  }

  /// Appends an element, painted above the ones before it.
  ///
  /// - Parameter element: The element to add.
  ///
  /// ```swift
  /// var document = SVGDocument(width: 100, height: 100)
  /// document.append(SVGElement("rect", ["width": 100, "height": 100, "fill": "white"]))
  /// ```
  public mutating func append(_ element: SVGElement) {
    elements.append(element)
  }

  /// The root `<svg>` element, with the SVG namespace, the size and a matching `viewBox`.
  ///
  /// ```swift
  /// SVGDocument(width: 10, height: 5).root.attribute("viewBox")  // "0 0 10 5"
  /// ```
  public var root: SVGElement {
    var root = SVGElement(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "width": .number(width),
        "height": .number(height),
        "viewBox": .text(viewBox),
      ])
    if let title { root.append(SVGElement("title", text: title)) }
    root.children += elements
    return root
  }

  /// The document as a UTF-8 XML file: an XML declaration and the `<svg>` element.
  ///
  /// ```swift
  /// let text = SVGDocument(width: 10, height: 10).markup
  /// // <?xml version="1.0" encoding="UTF-8"?>
  /// // <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"/>
  /// ```
  public var markup: String {
    var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    root.write(to: &output, depth: 0)
    return output
  }

  /// `0 0 width height`.
  private var viewBox: String {
    "0 0 " + SVGElement.Value.format(width) + " " + SVGElement.Value.format(height)
  }
}
