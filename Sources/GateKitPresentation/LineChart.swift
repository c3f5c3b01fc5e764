/// One chart panel of lines over epochs: a framed plot area with grid lines, tick labels on
/// both axes, axis titles, a title and a legend above the plot area (never over the data),
/// and one polyline per series, with small markers when the epochs are far enough apart.
///
/// Points whose value is not finite are skipped (the line joins their neighbours), so the
/// markup never holds `nan` or `inf`. Text widths are estimated from character counts.
struct LineChart {
  /// How a series is drawn.
  struct Style {
    /// The stroke colour.
    var color: String
    /// The stroke's dash pattern, if not solid.
    var dash: String?
    /// Whether markers are hollow circles rather than filled ones.
    var hollowMarkers: Bool
  }

  /// A series: a name for the legend, a class for the markup and one value per epoch.
  struct Series {
    /// The legend's text, such as `train`.
    var label: String
    /// The identifier written into the `class` attributes, such as `train-loss`.
    var identifier: String
    /// The tooltip of the line, such as `train loss`.
    var tooltip: String
    /// The points: an epoch and its value (possibly not finite).
    var points: [(epoch: Int, value: Double)]
    /// How the series is drawn.
    var style: Style
  }

  /// The panel's title, such as `loss`.
  var title: String
  /// The panel's identifier, written as `data-panel`.
  var identifier: String
  /// The title of the vertical axis.
  var valueTitle: String
  /// The series, drawn in order.
  var series: [Series] = []
  /// Bounds the vertical axis keeps to when it pads a constant series.
  var limits: ClosedRange<Double>?
  /// How the vertical axis labels its ticks.
  var labelStyle: NiceStep.LabelStyle = .decimal

  /// Markers are drawn when epochs are at least this many pixels apart.
  static let markerSpacing = 14.0
  /// Colours of the frame and ticks, the grid lines and the text.
  static let (frameColor, gridColor, textColor) = ("#9ca3af", "#e5e7eb", "#1f2937")

  /// The legend's estimated width: per series a sample line, a gap, the label, a gap.
  var legendWidth: Double {
    series.reduce(-14) {
      $0 + 22 + TextMetrics.width(of: $1.label, size: ChartLayout.tickFont) + 14
    }
  }

  /// The panel drawn inside the rectangle at (`left`, `top`) of the given size.
  func element(left: Double, top: Double, width: Double, height: Double) -> SVGElement {
    let layout = ChartLayout(of: self, left: left, top: top, width: width, height: height)
    var panel = SVGElement("g", ["class": "panel", "data-panel": .text(identifier)])
    panel.append(SVGElement("title", text: title + " per epoch"))
    panel.append(
      SVGElement(
        "rect",
        [
          "class": "plot-area", "x": .number(layout.plotLeft), "y": .number(layout.plotTop),
          "width": .number(layout.plotRight - layout.plotLeft),
          "height": .number(layout.plotBottom - layout.plotTop),
          "fill": "#ffffff", "stroke": .text(Self.frameColor),
        ]))
    panel.append(grid(layout))
    panel.append(epochAxis(layout))
    panel.append(valueAxis(layout, left: left))
    var plotted = 0
    var marked: [Bool] = []
    for series in series {
      let points = series.points.filter { AxisScale.isPlottable($0.value) }
        .map { (x: layout.x(Double($0.epoch)), y: layout.y($0.value)) }
      plotted += points.count
      marked.append(layout.epochWidth >= Self.markerSpacing || points.count == 1)
      guard !points.isEmpty else { continue }
      panel.append(line(through: points, series: series))
      if marked[marked.count - 1] { panel.append(markers(at: points, series: series)) }
    }
    if plotted == 0 {
      panel.append(
        label(
          series.isEmpty ? "no data" : "no finite values",
          x: (layout.plotLeft + layout.plotRight) / 2,
          y: (layout.plotTop + layout.plotBottom) / 2, anchor: "middle", class: "no-data",
          size: ChartLayout.titleFont))
    }
    panel.append(
      label(
        title, x: layout.plotLeft, y: top + 20, anchor: "start", class: "panel-title",
        size: ChartLayout.panelTitleFont, bold: true))
    panel.append(
      legend(
        right: layout.plotRight, baseline: top + (layout.legendBelowTitle ? 38 : 20),
        marked: marked))
    return panel
  }

  /// Light grid lines at the ticks.
  private func grid(_ layout: ChartLayout) -> SVGElement {
    var grid = SVGElement("g", ["class": "grid"])
    for tick in layout.epochAxis.ticks {
      let x = layout.x(tick.value)
      grid.append(line(x, layout.plotTop, x, layout.plotBottom, color: Self.gridColor))
    }
    for tick in layout.valueAxis.ticks {
      let y = layout.y(tick.value)
      grid.append(line(layout.plotLeft, y, layout.plotRight, y, color: Self.gridColor))
    }
    return grid
  }

  /// The epoch axis below the plot area: tick marks, labels and the axis title.
  private func epochAxis(_ layout: ChartLayout) -> SVGElement {
    var axis = SVGElement("g", ["class": "axis x-axis"])
    let bottom = layout.plotBottom
    for tick in layout.epochAxis.ticks {
      let x = layout.x(tick.value)
      axis.append(line(x, bottom, x, bottom + 5, color: Self.frameColor))
      axis.append(label(tick.label, x: x, y: bottom + 18, anchor: "middle", class: "tick-label"))
    }
    axis.append(
      label(
        "epoch", x: (layout.plotLeft + layout.plotRight) / 2, y: bottom + 36, anchor: "middle",
        class: "axis-title", size: ChartLayout.titleFont))
    return axis
  }

  /// The value axis left of the plot area: tick marks, labels and the rotated axis title
  /// near the panel's left edge.
  private func valueAxis(_ layout: ChartLayout, left: Double) -> SVGElement {
    var axis = SVGElement("g", ["class": "axis y-axis"])
    for tick in layout.valueAxis.ticks {
      let y = layout.y(tick.value)
      axis.append(line(layout.plotLeft - 5, y, layout.plotLeft, y, color: Self.frameColor))
      axis.append(
        label(tick.label, x: layout.plotLeft - 8, y: y + 4, anchor: "end", class: "tick-label"))
    }
    let (x, y) = (left + 14, (layout.plotTop + layout.plotBottom) / 2)
    var title = label(
      valueTitle, x: x, y: y, anchor: "middle", class: "axis-title", size: ChartLayout.titleFont)
    let center = SVGElement.Value.format(x) + " " + SVGElement.Value.format(y)
    title.setAttribute("transform", to: .text("rotate(-90 " + center + ")"))
    axis.append(title)
    return axis
  }

  /// The series' polyline, with its tooltip.
  private func line(through points: [(x: Double, y: Double)], series: Series) -> SVGElement {
    var line = SVGElement(
      "polyline",
      [
        "class": .text("series " + series.identifier), "data-series": .text(series.label),
        "data-panel": .text(identifier), "fill": "none", "stroke": .text(series.style.color),
        "stroke-width": 2, "stroke-linejoin": "round", "points": .points(points),
      ])
    if let dash = series.style.dash { line.setAttribute("stroke-dasharray", to: .text(dash)) }
    line.append(SVGElement("title", text: series.tooltip))
    return line
  }

  /// A small circle at every point of the series.
  private func markers(at points: [(x: Double, y: Double)], series: Series) -> SVGElement {
    var group = SVGElement("g", ["class": .text("markers " + series.identifier)])
    for point in points {
      group.append(marker(x: point.x, y: point.y, style: series.style))
    }
    return group
  }

  /// One marker.
  private func marker(x: Double, y: Double, style: Style) -> SVGElement {
    SVGElement(
      "circle",
      [
        "cx": .number(x), "cy": .number(y), "r": 2.5,
        "fill": .text(style.hollowMarkers ? "#ffffff" : style.color),
        "stroke": .text(style.color), "stroke-width": 1.5,
      ])
  }

  /// The legend, ending at `right`: per series a short line, with a marker when `marked`
  /// says its points have markers, and the label.
  private func legend(right: Double, baseline: Double, marked: [Bool]) -> SVGElement {
    var legend = SVGElement("g", ["class": "legend"])
    var x = right - legendWidth
    for (series, marked) in zip(series, marked) {
      var entry = SVGElement("g", ["class": "legend-entry", "data-series": .text(series.label)])
      var sample = line(x, baseline - 4, x + 18, baseline - 4, color: series.style.color)
      sample.setAttribute("stroke-width", to: 2)
      if let dash = series.style.dash { sample.setAttribute("stroke-dasharray", to: .text(dash)) }
      entry.append(sample)
      if marked { entry.append(marker(x: x + 9, y: baseline - 4, style: series.style)) }
      entry.append(
        label(series.label, x: x + 22, y: baseline, anchor: "start", class: "legend-label"))
      legend.append(entry)
      x += 22 + TextMetrics.width(of: series.label, size: ChartLayout.tickFont) + 14
    }
    return legend
  }

  /// A straight line.
  private func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String
  ) -> SVGElement {
    SVGElement(
      "line",
      [
        "x1": .number(x1), "y1": .number(y1), "x2": .number(x2), "y2": .number(y2),
        "stroke": .text(color),
      ])
  }

  /// A text label.
  private func label(
    _ text: String, x: Double, y: Double, anchor: String, class name: String,
    size: Double = ChartLayout.tickFont, bold: Bool = false
  ) -> SVGElement {
    var element = SVGElement(
      "text",
      [
        "class": .text(name), "x": .number(x), "y": .number(y), "text-anchor": .text(anchor),
        "font-size": .number(size), "fill": .text(Self.textColor),
      ], text: text)
    if bold { element.setAttribute("font-weight", to: "bold") }
    return element
  }
}
