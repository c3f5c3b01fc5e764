import Foundation
import GateKit
import Testing

@testable import GateKitPresentation
@testable import GateKitTraining

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An element of a parsed SVG file.
private final class ParsedElement {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [ParsedElement] = []

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// This element and all its descendants, in document order.
  var all: [ParsedElement] { [self] + children.flatMap(\.all) }

  /// The classes in the `class` attribute.
  var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

  /// A numeric attribute.
  func number(_ name: String) -> Double? { attributes[name].flatMap(Double.init) }

  /// The `points` attribute of a polyline.
  var points: [(x: Double, y: Double)] {
    (attributes["points"] ?? "").split(separator: " ").map { pair in
      let coordinates = pair.split(separator: ",").map { Double($0) ?? .nan }
      return (coordinates.first ?? .nan, coordinates.count == 2 ? coordinates[1] : .nan)
    }
  }
}

/// Builds a tree of elements with Foundation's `XMLParser`, recording the first error.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  var stack: [ParsedElement] = []
  var root: ParsedElement?
  var error: Error?

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    let element = ParsedElement(name: elementName, attributes: attributes)
    stack.last?.children.append(element)
    if stack.isEmpty { root = element }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    error = error ?? parseError
  }
}

/// The root element of `markup`, or `nil` with the parser's error when the markup is not
/// well-formed XML.
private func parseResult(_ markup: String) -> (root: ParsedElement?, error: Error?) {
  let parser = XMLParser(data: Data(markup.utf8))
  let builder = TreeBuilder()
  parser.delegate = builder
  let parsed = parser.parse()
  let error = builder.error ?? parser.parserError
  return parsed && error == nil ? (builder.root, nil) : (nil, error ?? builder.error)
}

/// The parsed document, failing the test when it is not well-formed XML.
private func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws
  -> ParsedElement
{
  let (root, error) = parseResult(svg)
  #expect(
    error == nil, "not well-formed: \(String(describing: error))", sourceLocation: sourceLocation)
  return try #require(root, sourceLocation: sourceLocation)
}

/// A history with one record per value of `trainingLoss`; the other series are given per
/// epoch or left out.
private func history(
  trainingLoss: [Double], trainingAccuracy: [Double]? = nil, validationLoss: [Double]? = nil,
  validationAccuracy: [Double]? = nil
) -> TrainingHistory {
  var history = TrainingHistory()
  for (index, loss) in trainingLoss.enumerated() {
    let validation = validationLoss.map {
      Evaluation(loss: $0[index], accuracy: validationAccuracy?[index], count: 100)
    }
    history.epochs.append(
      EpochRecord(
        epoch: index + 1, trainingLoss: loss, trainingAccuracy: trainingAccuracy?[index],
        validation: validation, learningRate: 1e-3, seconds: 0.01))
  }
  history.keptEpoch = trainingLoss.count
  return history
}

/// A classification run of `epochs` epochs: falling losses, rising accuracies.
private func classification(epochs: Int) -> TrainingHistory {
  let steps = (0..<epochs).map { Double($0) }
  return history(
    trainingLoss: steps.map { 0.9 * pow(0.8, $0) + 0.004 },
    trainingAccuracy: steps.map { 1 - 0.25 * pow(0.6, $0) },
    validationLoss: steps.map { 0.3 * pow(0.8, $0) + 0.1 },
    validationAccuracy: steps.map { 0.98 - 0.06 * pow(0.6, $0) })
}

/// The panel named `name` (`loss` or `accuracy`).
private func panel(_ name: String, in root: ParsedElement) -> ParsedElement? {
  root.all.first { $0.name == "g" && $0.attributes["data-panel"] == name }
}

/// The polyline of the series with the given identifier (`train-loss`, `test-accuracy`).
private func polyline(_ identifier: String, in root: ParsedElement) -> ParsedElement? {
  root.all.first { $0.name == "polyline" && $0.classes == ["series", identifier] }
}

/// The texts of the elements of class `name` in `element`.
private func texts(ofClass name: String, in element: ParsedElement) -> [String] {
  element.all.filter { $0.classes.contains(name) }.map(\.text)
}

/// Expects every point of every polyline in every panel to be finite and inside the
/// panel's plot area.
private func expectPointsInsidePlotAreas(
  _ root: ParsedElement, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  for panel in root.all where panel.attributes["data-panel"] != nil && panel.name == "g" {
    let area = try #require(panel.all.first { $0.classes == ["plot-area"] })
    let (left, top) = (area.number("x") ?? .nan, area.number("y") ?? .nan)
    let (right, bottom) = (
      left + (area.number("width") ?? .nan), top + (area.number("height") ?? .nan)
    )
    for line in panel.all where line.name == "polyline" {
      for point in line.points {
        #expect(
          point.x >= left && point.x <= right && point.y >= top && point.y <= bottom,
          "\(line.classes) point \(point) outside \(left)...\(right) × \(top)...\(bottom)",
          sourceLocation: sourceLocation)
      }
    }
  }
}

/// Expects the markup to contain no `nan` or `inf`, in any case.
private func expectNoNonFiniteText(
  _ svg: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let lowercased = svg.lowercased()
  #expect(!lowercased.contains("nan"), sourceLocation: sourceLocation)
  #expect(!lowercased.contains("inf"), sourceLocation: sourceLocation)
}

@Suite("TrainingPlot")
struct TrainingPlotTests {
  @Test func drawsLossAndAccuracyForTrainAndTest() throws {
    let plot = TrainingPlot(
      history: classification(epochs: 40), title: "digits", validationLabel: "test")
    let svg = plot.svg
    let root = try parse(svg)
    #expect(root.name == "svg")
    #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(root.attributes["width"] == "960")
    for identifier in ["train-loss", "test-loss", "train-accuracy", "test-accuracy"] {
      let line = try #require(polyline(identifier, in: root), "no \(identifier) line")
      #expect(line.points.count == 40)
      #expect(line.children.first { $0.name == "title" }?.text.contains(" ") == true)
    }
    #expect(polyline("train-loss", in: root)?.children.first?.text == "train loss")
    #expect(polyline("test-accuracy", in: root)?.attributes["data-series"] == "test")
    try expectPointsInsidePlotAreas(root)
    expectNoNonFiniteText(svg)

    let loss = try #require(panel("loss", in: root))
    let accuracy = try #require(panel("accuracy", in: root))
    for panel in [loss, accuracy] {
      #expect(texts(ofClass: "legend-label", in: panel) == ["train", "test"])
      #expect(texts(ofClass: "axis-title", in: panel).first == "epoch")
      #expect(texts(ofClass: "tick-label", in: panel).contains("40"))
    }
    #expect(texts(ofClass: "axis-title", in: loss) == ["epoch", "loss"])
    #expect(texts(ofClass: "axis-title", in: accuracy) == ["epoch", "accuracy"])
    #expect(texts(ofClass: "panel-title", in: root) == ["loss", "accuracy"])
    #expect(texts(ofClass: "plot-title", in: root) == ["digits"])
    #expect(texts(ofClass: "tick-label", in: accuracy).contains("100%"))
    #expect(texts(ofClass: "tick-label", in: loss).contains("0.0"))
  }

  @Test func ticksAreRoundValuesInOrder() throws {
    let root = try parse(TrainingPlot(history: classification(epochs: 40)).svg)
    let loss = try #require(panel("loss", in: root))
    let axis = try #require(loss.all.first { $0.classes == ["axis", "y-axis"] })
    let labels = axis.children.filter { $0.classes == ["tick-label"] }.map(\.text)
    let values = labels.compactMap(Double.init)
    #expect(values.count == labels.count && values.count >= 3 && values.count <= 7)
    let steps = zip(values.dropFirst(), values).map { $0 - $1 }
    let step = try #require(steps.first)
    #expect(steps.allSatisfy { abs($0 - step) < 1e-9 })
    var mantissa = step
    while mantissa >= 10 { mantissa /= 10 }
    while mantissa < 1 { mantissa *= 10 }
    #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(step)")
    // Higher values are drawn higher up.
    let ys = axis.children.filter { $0.classes == ["tick-label"] }.compactMap { $0.number("y") }
    #expect(ys == ys.sorted(by: >))
  }

  @Test func regressionHasNoAccuracyPanel() throws {
    let losses = (0..<300).map { 0.5 / Double($0 + 1) }
    let plot = TrainingPlot(
      history: history(trainingLoss: losses, validationLoss: losses.map { $0 * 1.2 }),
      validationLabel: "test")
    let root = try parse(plot.svg)
    #expect(root.attributes["width"] == "480")
    #expect(panel("accuracy", in: root) == nil)
    #expect(polyline("train-loss", in: root)?.points.count == 300)
    #expect(polyline("test-loss", in: root)?.points.count == 300)
    #expect(!root.all.contains { $0.classes.first == "markers" }, "no markers for 300 epochs")
    try expectPointsInsidePlotAreas(root)
  }

  @Test func oneEpochIsAPointWithAMarker() throws {
    let plot = TrainingPlot(
      history: history(
        trainingLoss: [0.7], trainingAccuracy: [0.8], validationLoss: [0.6],
        validationAccuracy: [0.85]))
    let svg = plot.svg
    let root = try parse(svg)
    for identifier in ["train-loss", "validation-loss", "train-accuracy", "validation-accuracy"] {
      #expect(polyline(identifier, in: root)?.points.count == 1)
      let markers = root.all.first { $0.classes == ["markers", identifier] }
      #expect(markers?.children.count == 1, "\(identifier) has no marker")
    }
    let loss = try #require(panel("loss", in: root))
    let epochAxis = try #require(loss.all.first { $0.classes == ["axis", "x-axis"] })
    #expect(texts(ofClass: "tick-label", in: epochAxis) == ["1"])
    try expectPointsInsidePlotAreas(root)
    expectNoNonFiniteText(svg)
  }

  @Test func constantSeriesGetARange() throws {
    let plot = TrainingPlot(
      history: history(
        trainingLoss: [0.5, 0.5, 0.5], trainingAccuracy: [1, 1, 1],
        validationLoss: [0.5, 0.5, 0.5], validationAccuracy: [1, 1, 1]))
    let svg = plot.svg
    let root = try parse(svg)
    let accuracy = try #require(panel("accuracy", in: root))
    let labels = texts(ofClass: "tick-label", in: accuracy)
    #expect(labels.contains("100%"))
    #expect(!labels.contains("110%"), "an accuracy axis stays at or below 100 %")
    let loss = try #require(panel("loss", in: root))
    let lossAxis = try #require(loss.all.first { $0.classes == ["axis", "y-axis"] })
    let lossLabels = texts(ofClass: "tick-label", in: lossAxis)
    #expect(Set(lossLabels).count == lossLabels.count && lossLabels.count >= 2)
    let area = try #require(loss.all.first { $0.classes == ["plot-area"] })
    let middle = (area.number("y") ?? 0) + (area.number("height") ?? 0) / 2
    let ys = try #require(polyline("train-loss", in: root)).points.map(\.y)
    #expect(ys.allSatisfy { abs($0 - middle) < 1 }, "a constant series is centred: \(ys)")
    let zero = try parse(TrainingPlot(history: history(trainingLoss: [0, 0])).svg)
    #expect(texts(ofClass: "tick-label", in: zero).contains("0.0"))
    #expect(!texts(ofClass: "tick-label", in: zero).contains { $0.hasPrefix("-") })
    try expectPointsInsidePlotAreas(root)
    expectNoNonFiniteText(svg)
  }

  @Test func skipsValuesThatAreNotFinite() throws {
    let plot = TrainingPlot(
      history: history(
        trainingLoss: [1, .nan, 0.5, .infinity, 0.25],
        trainingAccuracy: [0.5, 0.6, .nan, 0.7, 0.8],
        validationLoss: [-.infinity, 0.9, 0.8, 0.7, 1e308],
        validationAccuracy: [0.4, 0.5, 0.6, 0.7, 0.8]))
    let svg = plot.svg
    let root = try parse(svg)
    #expect(polyline("train-loss", in: root)?.points.count == 3)
    #expect(polyline("train-accuracy", in: root)?.points.count == 4)
    #expect(polyline("validation-loss", in: root)?.points.count == 3)
    #expect(polyline("validation-accuracy", in: root)?.points.count == 5)
    try expectPointsInsidePlotAreas(root)
    expectNoNonFiniteText(svg)
  }

  @Test func seriesWithoutAnyFiniteValueIsLeftOut() throws {
    let svg = TrainingPlot(history: history(trainingLoss: [.nan, .nan])).svg
    let root = try parse(svg)
    #expect(!root.all.contains { $0.name == "polyline" })
    #expect(texts(ofClass: "no-data", in: root) == ["no finite values"])
    expectNoNonFiniteText(svg)
  }

  @Test func missingValidationLeavesOutItsSeries() throws {
    let plot = TrainingPlot(
      history: history(trainingLoss: [0.9, 0.5, 0.3], trainingAccuracy: [0.5, 0.7, 0.8]))
    let root = try parse(plot.svg)
    #expect(polyline("train-loss", in: root)?.points.count == 3)
    #expect(polyline("validation-loss", in: root) == nil)
    #expect(polyline("validation-accuracy", in: root) == nil)
    #expect(texts(ofClass: "legend-label", in: root) == ["train", "train"])
  }

  @Test func emptyHistoryStillMakesAnImage() throws {
    let svg = TrainingPlot(history: TrainingHistory()).svg
    let root = try parse(svg)
    #expect(root.attributes["width"] == "480")
    #expect(texts(ofClass: "no-data", in: root) == ["no data"])
    expectNoNonFiniteText(svg)
  }

  @Test(arguments: [2, 7, 12, 40, 99, 100, 101, 1000, 3000, 12345, 100_000])
  func epochTickLabelsDoNotOverlap(epochs: Int) throws {
    let losses = (0..<epochs).map { 1 / Double($0 + 1) }
    let root = try parse(TrainingPlot(history: history(trainingLoss: losses)).svg)
    #expect(polyline("train-loss", in: root)?.points.count == epochs)
    let loss = try #require(panel("loss", in: root))
    let area = try #require(loss.all.first { $0.classes == ["plot-area"] })
    let axis = try #require(loss.all.first { $0.classes == ["axis", "x-axis"] })
    let ticks = axis.children.filter { $0.classes == ["tick-label"] }
    #expect(ticks.count >= 2)
    #expect(ticks.last?.text == String(epochs) || ticks.count >= 3)
    let spans = ticks.map { tick -> ClosedRange<Double> in
      let center = tick.number("x") ?? .nan
      let half = TextMetrics.width(of: tick.text, size: 11) / 2
      return center - half...center + half
    }
    for (left, right) in zip(spans, spans.dropFirst()) {
      #expect(left.upperBound + 4 < right.lowerBound, "tick labels overlap: \(left), \(right)")
    }
    let (areaLeft, areaRight) = (
      area.number("x") ?? 0, (area.number("x") ?? 0) + (area.number("width") ?? 0)
    )
    #expect(spans.allSatisfy { $0.lowerBound > areaLeft - 30 && $0.upperBound < 480 })
    #expect(spans.allSatisfy { $0.lowerBound >= areaLeft - 20 && $0.upperBound <= areaRight + 20 })
  }

  @Test func escapesTextForXML() throws {
    let title = "<b>\"Tom\" & 'Jerry'</b> \u{1}"
    let plot = TrainingPlot(
      history: history(trainingLoss: [1, 0.5], validationLoss: [1.1, 0.6]), title: title,
      trainingLabel: "a&b", validationLabel: "x<y>")
    let svg = plot.svg
    #expect(!svg.contains("<b>"))
    let root = try parse(svg)
    #expect(texts(ofClass: "plot-title", in: root) == ["<b>\"Tom\" & 'Jerry'</b> \u{FFFD}"])
    #expect(texts(ofClass: "legend-label", in: root) == ["a&b", "x<y>"])
    #expect(polyline("a-b-loss", in: root) != nil)
    #expect(polyline("x-y-loss", in: root) != nil)
  }

  @Test func longTitlesAreShortenedToFit() throws {
    let title = String(repeating: "long title ", count: 30)
    let root = try parse(TrainingPlot(history: history(trainingLoss: [1, 0.5]), title: title).svg)
    let shown = try #require(texts(ofClass: "plot-title", in: root).first)
    #expect(shown.hasSuffix("…"))
    #expect(TextMetrics.width(of: shown, size: 16, bold: true) <= 480 - 32)
    #expect(root.children.first { $0.name == "title" }?.text == title)
  }
}

@Suite("SVG writer")
struct SVGWriterTests {
  @Test func theWellFormednessCheckRejectsBrokenMarkup() {
    #expect(parseResult("<svg><g></svg>").root == nil)
    #expect(parseResult("<svg><text>a & b</text></svg>").root == nil)
    #expect(parseResult("<svg x=\"1\" x=\"2\"/>").root == nil)
    #expect(parseResult("<svg><text>a &amp; b</text></svg>").root?.children.first?.text == "a & b")
  }

  @Test func rendersElementsAttributesAndText() {
    var group = SVGElement("g", ["class": "axis"])
    group.append(SVGElement("line", ["x1": 0, "y1": 0.5, "x2": .number(1.0 / 3), "y2": -2]))
    group.append(SVGElement("text", ["x": 1], text: "a < b"))
    #expect(
      group.markup == """
        <g class="axis">
          <line x1="0" y1="0.5" x2="0.33" y2="-2"/>
          <text x="1">a &lt; b</text>
        </g>

        """)
  }

  @Test func writesNumbersWithoutExponentsOrNonFiniteValues() {
    let cases: [(Double, String)] = [
      (0, "0"), (-0.004, "0"), (0.005, "0.01"), (-1.005, "-1"), (12.5, "12.5"), (3.14159, "3.14"),
      (0.07, "0.07"), (1e20, "1000000000000"), (.nan, "0"), (-.infinity, "0"),
    ]
    for (number, expected) in cases {
      #expect(SVGElement.Value.number(number).text == expected, "\(number)")
    }
    #expect(SVGElement.Value.points([(1, 2), (3.5, -4)]).text == "1,2 3.5,-4")
  }

  @Test func documentHasDeclarationNamespaceAndTitle() throws {
    var document = SVGDocument(width: 100, height: 50.5, title: "a & b")
    document.append(SVGElement("rect", ["width": 10, "height": 10]))
    #expect(document.root.attribute("viewBox") == "0 0 100 50.5")
    let root = try parse(document.markup)
    #expect(root.attributes["height"] == "50.5")
    #expect(root.children.map(\.name) == ["title", "rect"])
    #expect(root.children.first?.text == "a & b")
    #expect(document.markup.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
  }

  @Test func setsAndReadsAttributes() {
    var element = SVGElement("line", ["stroke": "black"])
    element.setAttribute("stroke", to: "red")
    element.setAttribute("stroke-width", to: 2)
    #expect(element.attribute("stroke") == "red")
    #expect(element.attribute("stroke-width") == "2")
    #expect(element.attribute("fill") == nil)
    #expect(element.markup == "<line stroke=\"red\" stroke-width=\"2\"/>\n")
  }
}

@Suite("Axis ticks")
struct AxisTickTests {
  @Test func valueAxesUseOneTwoFiveSteps() {
    let axis = AxisScale(covering: [0.0037, 0.86], maximumIntervals: 6)
    #expect(axis.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(axis.domain == 0...1)
    let narrow = AxisScale(covering: [0.973, 0.9911], maximumIntervals: 6, style: .percent)
    #expect(narrow.ticks.map(\.label) == ["97.0%", "97.5%", "98.0%", "98.5%", "99.0%", "99.5%"])
    let wide = AxisScale(covering: [-120, 3400], maximumIntervals: 5)
    #expect(wide.ticks.map(\.label) == ["-1000", "0", "1000", "2000", "3000", "4000"])
  }

  @Test func labelsAreExactDecimals() {
    #expect(NiceStep.label(3, exponent: -1) == "0.3")
    #expect(NiceStep.label(-15, exponent: -2) == "-0.15")
    #expect(NiceStep.label(0, exponent: -2) == "0.00")
    #expect(NiceStep.label(12, exponent: 3) == "12000")
    #expect(NiceStep.label(15, exponent: -9) == "1.5e-8")
    #expect(NiceStep.label(20, exponent: 7) == "2e8")
    let tiny = AxisScale(covering: [1.2e-9, 3.9e-9], maximumIntervals: 4)
    #expect(tiny.ticks.map(\.label) == ["1e-9", "2e-9", "3e-9", "4e-9"])
  }

  @Test func constantValuesArePadded() {
    #expect(AxisScale(covering: [2, 2], maximumIntervals: 4).domain == 1.8...2.2)
    #expect(AxisScale(covering: [0], within: 0...1, maximumIntervals: 4).domain == 0...1)
    #expect(AxisScale(covering: [0], within: 0...1e300, maximumIntervals: 4).domain == 0...2)
    #expect(AxisScale(covering: [1], within: 0...1, maximumIntervals: 4).domain == 0.8...1)
    #expect(AxisScale(covering: [.nan], maximumIntervals: 4).domain == 0...1)
    #expect(AxisScale(covering: [], maximumIntervals: 4).domain == 0...1)
  }

  @Test func epochAxesSpaceTheirTicks() {
    #expect(
      AxisScale(epochs: 1...40, minimumSpacing: 3.1).ticks.map(\.label) == [
        "1", "5", "10", "15", "20", "25", "30", "35", "40",
      ])
    #expect(AxisScale(epochs: 1...3, minimumSpacing: 0.2).ticks.map(\.label) == ["1", "2", "3"])
    #expect(AxisScale(epochs: 1...1, minimumSpacing: 5).ticks.map(\.label) == ["1"])
    #expect(AxisScale(epochs: 1...1, minimumSpacing: 5).domain == 0.5...1.5)
    let long = AxisScale(epochs: 1...3000, minimumSpacing: 400)
    #expect(long.ticks.map(\.label) == ["1", "500", "1000", "1500", "2000", "2500", "3000"])
  }
}
