import GateKitCore

extension GradientCheckReport {
  /// The report as a table, one row per gate and tensor, under a title line with the
  /// verdict and the counts of elements at kinks, deferred and inconclusive; elements that
  /// failed or were inconclusive are listed below it (at most ten per tensor), then the
  /// notes and the diagnosis.
  public var table: String {
    var table = ReportTable(header: [
      "gate", "value", "shape", "max error", "at", "analytic", "numeric", "kinks", "undecided",
      "result",
    ])
    for entry in entries {
      table.append([
        entry.owner, entry.name, "\(entry.shape)",
        entry.problem == nil ? formatError(entry.maxError) : "-", "\(entry.worstIndex)",
        "\(entry.analytic)", "\(entry.numeric)", "\(entry.kinkCount)",
        "\(entry.deferredCount + entry.inconclusiveCount)", entry.status.label,
      ])
    }
    let elements = entries.flatMap(\.elements)
    let counts = [
      (elements.count(where: \.atKink), "at kinks"),
      (elements.count(where: \.deferred), "deferred"),
      (elements.count { $0.status == .inconclusive }, "inconclusive"),
    ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
    let precision =
      scalarType == "Double" ? "" : " — a \(scalarType) check: prefer checking in Double"
    var text =
      "Gradient check (\(mode)) of \(subject) in \(scalarType): \(status.verdict)"
      + (counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))")
      + " (first step \(step)·max(1, |x|), tolerance \(tolerance))\(precision)\n" + table.rendered
    for entry in entries where !entry.passed {
      if let problem = entry.problem {
        text += "\n\(entry.status.label) \(entry.location): \(problem)"
        continue
      }
      for element in entry.elements.filter({ !$0.passed }).prefix(10) {
        let interval = element.interval.map { " (kink: accepted [\($0[0]), \($0[1])])" } ?? ""
        let reason = element.reason.map { " — \($0)" } ?? ""
        text +=
          "\n\(element.status.label) \(entry.location)\(element.index.isEmpty ? "" : "\(element.index)"): "
          + "analytic \(element.analytic), numeric \(element.numeric), "
          + "error \(formatError(element.error)), step \(element.step)\(interval)\(reason)"
      }
    }
    for note in notes { text += "\nNote: \(note)" }
    if !passed {
      let wrong = blamedGates
      text += "\nBlame: " + (wrong.isEmpty ? "none (inconclusive)" : wrong.joined(separator: ", "))
      text += "\n" + diagnosis
    }
    return text
  }
}

extension GradientCheckReport.Status {
  /// The word in a table's result column: `pass`, `kink`, `deferred`, `INCONCLUSIVE`, `FAIL`.
  var label: String {
    switch self {
    case .passed: "pass"
    case .atKink: "kink"
    case .deferred: "deferred"
    case .inconclusive: "INCONCLUSIVE"
    case .failed: "FAIL"
    }
  }

  /// The word in a report's title: `passed`, `FAILED` or `INCONCLUSIVE`.
  var verdict: String {
    switch self {
    case .failed: "FAILED"
    case .inconclusive: "INCONCLUSIVE"
    default: "passed"
    }
  }
}
