import GateKitTraining

/// A chart of a training run as an SVG image: loss per epoch and, for classification,
/// accuracy per epoch, each panel with a training and a validation series.
///
/// The panels sit side by side. Each has axes with round tick values, axis titles, a
/// title and a legend; the training series is a solid blue line, the validation series a
/// dashed orange one, with markers at the points when there are few epochs. The
/// accuracy panel is left out when no epoch measured an accuracy (regression), and the
/// validation series when no epoch was validated. Values that are not finite are skipped.
///
/// Every line is a `polyline` whose `class` names the series (`series train-loss`,
/// `series validation-accuracy`; the label, lowercased with other characters than letters
/// and digits turned into `-`, followed by the metric) and whose `<title>` names it in
/// words, so tools and tests can find it.
///
/// ```swift
/// let history = try trainer.fit(train, validation: test, configuration: configuration)
/// let plot = TrainingPlot(history: history, title: "digits", validationLabel: "test")
/// try Data(plot.svg.utf8).write(to: URL(fileURLWithPath: "digits.svg"), options: .atomic)
/// ```
public struct TrainingPlot: Sendable {
  /// The training run to draw.
  public var history: TrainingHistory
  /// The title above the panels (none when empty).
  public var title: String
  /// The name of the training series in the legends.
  public var trainingLabel: String
  /// The name of the validation series in the legends (`test` when the validation set is
  /// the test set).
  public var validationLabel: String

  /// The size of one panel, in pixels.
  static let panelSize = (width: 480.0, height: 320.0)

  /// A chart of `history`.
  ///
  /// - Parameters:
  ///   - history: The training run, as
  ///     ``/GateKitTraining/Trainer/fit(_:validation:configuration:onStep:onEpoch:checkpoint:)``
  ///     returns it.
  ///   - title: The title above the panels; empty for none.
  ///   - trainingLabel: The name of the training series.
  ///   - validationLabel: The name of the validation series.
  ///
  /// ```swift
  /// let plot = TrainingPlot(history: history, title: "iris, 4-32-3 MLP")
  /// ```
  public init(
    history: TrainingHistory, title: String = "Training", trainingLabel: String = "train",
    validationLabel: String = "validation"
  ) {
    self.history = history
    self.title = title
    self.trainingLabel = trainingLabel
    self.validationLabel = validationLabel
  }

  /// The chart as an SVG document.
  ///
  /// ```swift
  /// let document = TrainingPlot(history: history).document
  /// print(document.width)  // 960 with an accuracy panel, 480 without
  /// ```
  public var document: SVGDocument {
    let panels = charts
    let titleHeight = title.isEmpty ? 0.0 : 36
    let width = Self.panelSize.width * Double(panels.count)
    var document = SVGDocument(
      width: width, height: titleHeight + Self.panelSize.height,
      title: title.isEmpty ? "Training curves" : title)
    var content = SVGElement(
      "g", ["font-family": "DejaVu Sans, Helvetica, Arial, sans-serif", "class": "training-plot"])
    content.append(
      SVGElement(
        "rect",
        [
          "class": "background", "width": .number(width), "height": .number(document.height),
          "fill": "#ffffff",
        ]))
    if !title.isEmpty {
      let shown = TextMetrics.truncated(title, toWidth: width - 32, size: 16, bold: true)
      content.append(
        SVGElement(
          "text",
          [
            "class": "plot-title", "x": 16, "y": 24, "font-size": 16, "font-weight": "bold",
            "fill": "#111827",
          ], text: shown))
    }
    for (index, chart) in panels.enumerated() {
      content.append(
        chart.element(
          left: Self.panelSize.width * Double(index), top: titleHeight,
          width: Self.panelSize.width, height: Self.panelSize.height))
    }
    document.append(content)
    return document
  }

  /// The chart as the text of an SVG file.
  ///
  /// ```swift
  /// let svg = TrainingPlot(history: history, validationLabel: "test").svg
  /// ```
  public var svg: String {
    document.markup
  }

  /// The loss panel, and the accuracy panel when an epoch measured an accuracy.
  private var charts: [LineChart] {
    func points(_ value: (EpochRecord) -> Double?) -> [(epoch: Int, value: Double)] {
      history.epochs.compactMap { record in value(record).map { (record.epoch, $0) } }
    }
    let loss = LineChart(
      title: "loss", identifier: "loss", valueTitle: "loss",
      series: series(
        "loss", training: points(\.trainingLoss), validation: points(\.validation?.loss)),
      limits: 0...Double.infinity)
    let accuracy = LineChart(
      title: "accuracy", identifier: "accuracy", valueTitle: "accuracy",
      series: series(
        "accuracy", training: points(\.trainingAccuracy),
        validation: points(\.validation?.accuracy)),
      limits: 0...1, labelStyle: .percent)
    return accuracy.series.isEmpty ? [loss] : [loss, accuracy]
  }

  /// The training and validation series of `metric`, leaving out one without points.
  private func series(
    _ metric: String, training: [(epoch: Int, value: Double)],
    validation: [(epoch: Int, value: Double)]
  ) -> [LineChart.Series] {
    let candidates: [(String, [(epoch: Int, value: Double)], LineChart.Style)] = [
      (trainingLabel, training, .training), (validationLabel, validation, .validation),
    ]
    return candidates.compactMap { label, points, style in
      points.isEmpty
        ? nil
        : LineChart.Series(
          label: label, identifier: Self.identifier(label) + "-" + metric,
          tooltip: label + " " + metric, points: points, style: style)
    }
  }

  /// `label` lowercased, with runs of other characters than ASCII letters and digits
  /// replaced by `-` (`series` when nothing is left).
  static func identifier(_ label: String) -> String {
    var result = ""
    for character in label.lowercased().unicodeScalars {
      if ("a"..."z").contains(character) || ("0"..."9").contains(character) {
        result.unicodeScalars.append(character)
      } else if !result.isEmpty, !result.hasSuffix("-") {
        result += "-"
      }
    }
    while result.hasSuffix("-") { result.removeLast() }
    return result.isEmpty ? "series" : result
  }
}

extension LineChart.Style {
  /// The training series: a solid blue line with filled markers.
  static let training = LineChart.Style(color: "#2563eb", dash: nil, hollowMarkers: false)
  /// The validation series: a dashed orange line with hollow markers.
  static let validation = LineChart.Style(color: "#ea580c", dash: "6 3", hollowMarkers: true)
}
