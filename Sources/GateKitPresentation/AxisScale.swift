/// A linear chart axis: the range of data values it spans and its tick marks at round
/// values (multiples of 1, 2 or 5 times a power of ten).
struct AxisScale {
  /// A tick mark: a data value and its label.
  struct Tick: Equatable {
    /// The data value at the tick.
    var value: Double
    /// The label drawn next to it.
    var label: String
  }

  /// The data values at the two ends of the axis.
  var domain: ClosedRange<Double>
  /// The tick marks, in increasing order, all inside `domain`.
  var ticks: [Tick]

  /// Values of a larger magnitude are not drawn (the span of a range reaching past it
  /// could overflow).
  static let largestMagnitude = 1e300

  /// Whether `value` can be placed on an axis: finite and at most ``largestMagnitude``.
  static func isPlottable(_ value: Double) -> Bool {
    value.isFinite && value.magnitude <= largestMagnitude
  }

  /// An axis covering `values`, widened to the nearest ticks, with at most
  /// `maximumIntervals` intervals between ticks.
  ///
  /// Values that are not plottable are ignored; with none left the axis spans 0...1. A
  /// single value (or a range too narrow to divide) is padded by a tenth of its magnitude
  /// (by 1 around zero), and kept inside `limits` when the value lies inside them: an
  /// accuracy of 100 % gives 80 %...100 %, not 90 %...110 %.
  init(
    covering values: [Double], within limits: ClosedRange<Double>? = nil, maximumIntervals: Int,
    style: NiceStep.LabelStyle = .decimal
  ) {
    let plottable = values.filter(Self.isPlottable)
    var lower = plottable.min() ?? 0
    var upper = plottable.max() ?? 1
    let middle = lower / 2 + upper / 2
    if upper - lower <= middle.magnitude * 1e-9 {
      let pad = middle == 0 ? 1 : middle.magnitude / 10
      (lower, upper) = (middle - pad, middle + pad)
      if let limits, limits.contains(middle) {
        let shift =
          Swift.min(0, limits.upperBound - upper) + Swift.max(0, limits.lowerBound - lower)
        lower = Swift.max(lower + shift, limits.lowerBound)
        upper = Swift.min(upper + shift, limits.upperBound)
      }
    }
    let intervals = Double(Swift.max(1, maximumIntervals))
    var step = NiceStep(atLeast: (upper - lower) / intervals)
    while true {
      // The tolerance keeps 2.2 / 0.1 = 22.000000000000004 from adding a tick.
      let first = (lower / step.value + 1e-9).rounded(.down)
      let last = (upper / step.value - 1e-9).rounded(.up)
      if last - first <= intervals {
        ticks = (Int(first)...Int(last)).map { step.tick(at: $0, style: style) }
        domain = ticks[0].value...ticks[ticks.count - 1].value
        return
      }
      step = step.next
    }
  }

  /// An axis of epoch numbers from `epochs.lowerBound` to `epochs.upperBound`, with ticks
  /// at whole multiples of 1, 2 or 5 times a power of ten at least `minimumSpacing` epochs
  /// apart (so that their labels do not overlap), and at the first epoch when that is far
  /// enough from the next tick.
  ///
  /// A single epoch `n` spans `n − 0.5 ... n + 0.5`, with one tick at `n`.
  init(epochs: ClosedRange<Int>, minimumSpacing: Double) {
    let (first, last) = (epochs.lowerBound, epochs.upperBound)
    domain =
      first == last
      ? Double(first) - 0.5...Double(first) + 0.5 : Double(first)...Double(last)
    var step = NiceStep(mantissa: 1, exponent: 0)
    while step.value < minimumSpacing, step.value < Double(last - first) { step = step.next }
    let size = Int(step.value)
    let start = first > 0 ? (first + size - 1) / size * size : first / size * size
    var values = Array(stride(from: start, through: last, by: size))
    if let next = values.first, Double(next - first) >= minimumSpacing, next != first {
      values.insert(first, at: 0)
    } else if values.isEmpty {
      values = [first]
    }
    ticks = values.map { Tick(value: Double($0), label: String($0)) }
  }

  /// The pixel coordinate of `value` on an axis drawn from `start` (the lower end of the
  /// domain) to `end`.
  func position(of value: Double, from start: Double, to end: Double) -> Double {
    let span = domain.upperBound - domain.lowerBound
    return start + (value - domain.lowerBound) / span * (end - start)
  }
}
