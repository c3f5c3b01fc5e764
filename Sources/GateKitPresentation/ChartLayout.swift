/// Where the parts of one ``LineChart`` panel go: the plot area, the two axes and their
/// mapping from data to pixels, and whether the legend needs a row of its own.
///
/// The margins are sized from the estimated widths of the tick labels, and the epoch axis
/// spaces its ticks so that its labels cannot overlap. Data are drawn a few pixels inside
/// the plot area's frame, so a line at the end of an axis (an accuracy of 100 %, a loss at
/// the axis minimum) stays visible.
struct ChartLayout {
  /// The plot area's edges, in pixels.
  var plotLeft, plotRight, plotTop, plotBottom: Double
  /// The horizontal axis, in epochs.
  var epochAxis: AxisScale
  /// The vertical axis.
  var valueAxis: AxisScale
  /// The width of one epoch, in pixels.
  var epochWidth: Double
  /// Whether the legend is on the second header row (it would meet the title on the first).
  var legendBelowTitle: Bool

  /// The gap between the plot area's frame and the data, in pixels.
  static let inset = 6.0
  /// Font sizes of tick labels, axis titles and the panel title, in pixels.
  static let (tickFont, titleFont, panelTitleFont) = (11.0, 12.0, 13.0)

  /// The layout of `chart` in the rectangle at (`left`, `top`) of the given size.
  init(of chart: LineChart, left: Double, top: Double, width: Double, height: Double) {
    let titleWidth = TextMetrics.width(of: chart.title, size: Self.panelTitleFont, bold: true)
    legendBelowTitle = titleWidth + chart.legendWidth + 80 > width
    plotTop = top + (legendBelowTitle ? 48 : 30)
    plotBottom = top + height - 44

    // The vertical axis first: its labels decide the left margin.
    valueAxis = AxisScale(
      covering: chart.series.flatMap { $0.points.map(\.value) }, within: chart.limits,
      maximumIntervals: Swift.max(2, Swift.min(6, Int((plotBottom - plotTop) / 32))),
      style: chart.labelStyle)
    let labelWidth = valueAxis.ticks.map { TextMetrics.width(of: $0.label, size: Self.tickFont) }
      .max()
    plotLeft = left + 22 + (labelWidth ?? 0) + 8

    let epochs = chart.series.flatMap { $0.points.map(\.epoch) }
    let (first, last) = (epochs.min() ?? 1, epochs.max() ?? 1)
    let epochLabelWidth = TextMetrics.width(of: String(last), size: Self.tickFont)
    plotRight = left + width - Swift.max(16, epochLabelWidth / 2 + 6)
    epochWidth = (plotRight - plotLeft - 2 * Self.inset) / Double(Swift.max(1, last - first))
    epochAxis = AxisScale(
      epochs: first...last, minimumSpacing: (epochLabelWidth + 14) / epochWidth)
  }

  /// The horizontal pixel coordinate of `epoch`.
  func x(_ epoch: Double) -> Double {
    epochAxis.position(of: epoch, from: plotLeft + Self.inset, to: plotRight - Self.inset)
  }

  /// The vertical pixel coordinate of `value`.
  func y(_ value: Double) -> Double {
    valueAxis.position(of: value, from: plotBottom - Self.inset, to: plotTop + Self.inset)
  }
}
