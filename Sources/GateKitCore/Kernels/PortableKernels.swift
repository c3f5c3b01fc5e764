import Foundation
import GateKitKernels

/// The scalar math that the portable kernels need beyond `BinaryFloatingPoint`.
protocol PortableKernelScalar: BinaryFloatingPoint {
  /// `eˣ`.
  static func exponential(_ x: Self) -> Self
  /// `ln x`.
  static func logarithm(_ x: Self) -> Self
  /// `tanh x`.
  static func hyperbolicTangent(_ x: Self) -> Self
  /// `ln(1 + x)`, accurate for small `x`.
  static func logarithmOnePlus(_ x: Self) -> Self
  /// `sin x`.
  static func sine(_ x: Self) -> Self
  /// Replaces every element by its exponential (vectorized where the type has a kernel).
  static func exponentiate(_ x: UnsafeMutableBufferPointer<Self>)
  /// `cos x`.
  static func cosine(_ x: Self) -> Self
}

extension Float: PortableKernelScalar {
  static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
  static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
  static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
  static func logarithmOnePlus(_ x: Float) -> Float { Foundation.log1p(x) }
  static func sine(_ x: Float) -> Float { Foundation.sin(x) }
  static func exponentiate(_ x: UnsafeMutableBufferPointer<Float>) {
    guard let start = x.baseAddress else { return }
    gk_sexp(start, start, x.count)
  }
  static func cosine(_ x: Float) -> Float { Foundation.cos(x) }
}

extension Double: PortableKernelScalar {
  static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
  static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
  static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
  static func logarithmOnePlus(_ x: Double) -> Double { Foundation.log1p(x) }
  static func sine(_ x: Double) -> Double { Foundation.sin(x) }
  static func exponentiate(_ x: UnsafeMutableBufferPointer<Double>) {
    for i in x.indices { x[i] = Foundation.exp(x[i]) }
  }
  static func cosine(_ x: Double) -> Double { Foundation.cos(x) }
}

/// Plain-Swift kernels, generic here and specialized for each scalar type at its
/// `TensorScalar` conformance (same module, so the optimizer sees the bodies). The
/// element-wise functions' kernels are in ElementwiseMath.swift.
extension PortableKernelScalar {
  static func portableCombine(
    _ operation: BinaryOperation, _ lhs: UnsafeBufferPointer<Self>,
    _ rhs: UnsafeBufferPointer<Self>, layout: BroadcastLayout,
    into result: UnsafeMutableBufferPointer<Self>
  ) {
    guard let a = lhs.baseAddress, let b = rhs.baseAddress, let c = result.baseAddress else {
      return
    }
    switch operation {
    case .add: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 + $1 }
    case .subtract: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 - $1 }
    case .multiply: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 * $1 }
    case .divide: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 / $1 }
    case .maximum:
      broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 >= $1 || $0.isNaN ? $0 : $1 }
    case .greater: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 > $1 ? 1 : 0 }
    case .equal: broadcast(layout, a, lhs.count, b, rhs.count, c) { $0 == $1 ? 1 : 0 }
    }
  }

  static func portableAccumulateSum(
    _ source: UnsafeBufferPointer<Self>, shape: [Int], resultStrides: [Int],
    into result: UnsafeMutableBufferPointer<Self>
  ) {
    guard let x = source.baseAddress, let r = result.baseAddress else { return }
    let (n, width) = (source.count, shape.last ?? 1)
    if result.count == n {  // nothing is reduced: the layouts agree element for element
      for i in 0..<n { r[i] += x[i] }
      return
    }
    if result.count == 1 {  // everything is reduced
      var total: Self = 0
      for i in 0..<n { total += x[i] }
      r[0] += total
      return
    }
    if result.count == width, resultStrides.last == 1, width > 0 {  // column sums
      for row in 0..<(n / width) {
        let line = x + row * width
        for j in 0..<width { r[j] += line[j] }
      }
      return
    }
    let loop = StridedIteration(
      shape: shape, strides0: resultStrides, strides1: [Int](repeating: 0, count: shape.count))
    let (inner, stride) = (loop.innerCount, loop.innerStride0)
    loop.forEachRun { resultOffset, _, sourceOffset in
      let (src, dst) = (x + sourceOffset, r + resultOffset)
      if stride == 0 {
        var total: Self = 0
        for j in 0..<inner { total += src[j] }
        dst[0] += total
      } else {
        for j in 0..<inner { dst[j * stride] += src[j] }
      }
    }
  }

  static func portableCopy(
    _ source: UnsafeBufferPointer<Self>, sourceStrides: [Int], shape: [Int],
    into result: UnsafeMutableBufferPointer<Self>
  ) {
    guard let x = source.baseAddress, let r = result.baseAddress else { return }
    let count = result.count
    if source.count == 1 {
      r.update(repeating: x[0], count: count)
      return
    }
    if source.count == count, isContiguous(sourceStrides, shape) {
      r.update(from: x, count: count)
      return
    }
    let width = shape.last ?? 1
    if source.count == width, sourceStrides.last == 1,
      sourceStrides.dropLast().allSatisfy({ $0 == 0 })
    {
      for row in 0..<(count / Swift.max(width, 1)) {
        (r + row * width).update(from: x, count: width)
      }
      return
    }
    let loop = StridedIteration(
      shape: shape, strides0: sourceStrides, strides1: [Int](repeating: 0, count: shape.count))
    let (n, stride) = (loop.innerCount, loop.innerStride0)
    loop.forEachRun { sourceOffset, _, resultOffset in
      let (src, dst) = (x + sourceOffset, r + resultOffset)
      switch stride {
      case 0: dst.update(repeating: src[0], count: n)
      case 1: dst.update(from: src, count: n)
      default: for j in 0..<n { dst[j] = src[j * stride] }
      }
    }
  }

  static func portableSoftmaxCrossEntropy(
    logits: UnsafeBufferPointer<Self>, labels: UnsafeBufferPointer<Self>, rows: Int, columns: Int,
    gradient: UnsafeMutableBufferPointer<Self>
  ) -> (lossSum: Double, invalidLabelRow: Int?) {
    guard let z = logits.baseAddress, let y = labels.baseAddress, let g = gradient.baseAddress
    else {
      return (0, nil)
    }
    // Shift each row by its largest logit, exponentiate everything in one vectorized pass,
    // then normalize each row and take its loss.
    var largest = [Self](repeating: 0, count: rows)
    for r in 0..<rows {
      let label = y[r]
      guard label >= 0, label < Self(columns), label == label.rounded(.towardZero) else {
        return (0, r)
      }
      let (row, out) = (z + r * columns, g + r * columns)
      var top = row[0]
      for j in 1..<columns where row[j] > top || row[j].isNaN { top = row[j] }
      for j in 0..<columns { out[j] = row[j] - top }
      largest[r] = top
    }
    exponentiate(gradient)
    var total = 0.0
    for r in 0..<rows {
      let out = g + r * columns
      var sum: Self = 0
      for j in 0..<columns { sum += out[j] }
      let inverse = 1 / sum
      for j in 0..<columns { out[j] *= inverse }
      let index = Int(y[r])
      out[index] -= 1
      total += Double(logarithm(sum) + largest[r] - z[r * columns + index])
    }
    return (total, nil)
  }

  static func portableBinaryCrossEntropyWithLogits(
    logits: UnsafeBufferPointer<Self>, targets: UnsafeBufferPointer<Self>,
    gradient: UnsafeMutableBufferPointer<Self>
  ) -> Double {
    guard let z = logits.baseAddress, let t = targets.baseAddress, let g = gradient.baseAddress
    else {
      return 0
    }
    var total = 0.0
    for i in 0..<logits.count {
      let x = z[i]
      let e = exponential(-x.magnitude)  // in (0, 1]: never overflows
      total += Double(Swift.max(x, 0) - x * t[i] + logarithmOnePlus(e))
      let sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e)
      g[i] = sigmoid - t[i]
    }
    return total
  }

  static func portableFill(_ buffer: UnsafeMutableBufferPointer<Self>, with value: Self) {
    guard let start = buffer.baseAddress else { return }
    start.update(repeating: value, count: buffer.count)
  }

  static func portableAddScaled(
    _ x: UnsafeBufferPointer<Self>, by factor: Self, into y: UnsafeMutableBufferPointer<Self>
  ) {
    guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
    for i in 0..<x.count { ys[i] += factor * xs[i] }
  }

  static func portableLogSoftmax(
    _ x: UnsafeBufferPointer<Self>, rows: Int, columns: Int,
    into y: UnsafeMutableBufferPointer<Self>
  ) {
    guard let xs = x.baseAddress, let ys = y.baseAddress, columns > 0 else { return }
    for r in 0..<rows {
      let (row, out) = (xs + r * columns, ys + r * columns)
      var largest = row[0]
      for j in 1..<columns where row[j] > largest || row[j].isNaN { largest = row[j] }
      var total: Self = 0
      for j in 0..<columns { total += exponential(row[j] - largest) }
      let shift = largest + logarithm(total)
      for j in 0..<columns { out[j] = row[j] - shift }
    }
  }

  // MARK: Loop shapes

  @inline(__always)
  private static func broadcast(
    _ layout: BroadcastLayout, _ a: UnsafePointer<Self>, _ aCount: Int, _ b: UnsafePointer<Self>,
    _ bCount: Int, _ c: UnsafeMutablePointer<Self>, _ f: (Self, Self) -> Self
  ) {
    let n = layout.count
    // An operand with as many elements as the result is laid out exactly like it.
    if aCount == n && bCount == n {
      for j in 0..<n { c[j] = f(a[j], b[j]) }
      return
    }
    if aCount == n && bCount == 1 {
      let s = b[0]
      for j in 0..<n { c[j] = f(a[j], s) }
      return
    }
    if aCount == 1 && bCount == n {
      let s = a[0]
      for j in 0..<n { c[j] = f(s, b[j]) }
      return
    }
    if aCount == n, let width = layout.shape.last, width > 0, bCount == width,
      layout.rhsShape.last == width
    {
      for row in 0..<(n / width) {
        let (x, z) = (a + row * width, c + row * width)
        for j in 0..<width { z[j] = f(x[j], b[j]) }
      }
      return
    }
    let loop = StridedIteration(
      shape: layout.shape, strides0: layout.lhsStrides, strides1: layout.rhsStrides)
    let (inner, sa, sb) = (loop.innerCount, loop.innerStride0, loop.innerStride1)
    loop.forEachRun { oa, ob, oc in
      let (x, y, z) = (a + oa, b + ob, c + oc)
      if sa == 1 && sb == 1 {
        for j in 0..<inner { z[j] = f(x[j], y[j]) }
      } else if sa == 1 && sb == 0 {
        let s = y[0]
        for j in 0..<inner { z[j] = f(x[j], s) }
      } else if sa == 0 && sb == 1 {
        let s = x[0]
        for j in 0..<inner { z[j] = f(s, y[j]) }
      } else {
        for j in 0..<inner { z[j] = f(x[j * sa], y[j * sb]) }
      }
    }
  }

  /// Whether `strides` are the row-major strides of `shape` (ignoring size-1 dimensions).
  private static func isContiguous(_ strides: [Int], _ shape: [Int]) -> Bool {
    var expected = 1
    for axis in shape.indices.reversed() {
      if shape[axis] != 1 && strides[axis] != expected { return false }
      expected *= shape[axis]
    }
    return true
  }
}
