/// An iteration over a shape with two strided operands and a contiguous result, with
/// size-1 dimensions dropped and adjacent dimensions merged wherever the strides allow,
/// so that the innermost loop is as long as possible.
struct StridedIteration {
  private var outerShape: [Int] = []
  private var outerStrides0: [Int] = []
  private var outerStrides1: [Int] = []
  private var outerStridesResult: [Int] = []
  /// The length of the innermost loop.
  private(set) var innerCount = 1
  /// Operand 0's stride in the innermost loop.
  private(set) var innerStride0 = 0
  /// Operand 1's stride in the innermost loop.
  private(set) var innerStride1 = 0
  /// The total number of iterations (0 if any dimension is empty).
  let count: Int

  init(shape: [Int], strides0: [Int], strides1: [Int]) {
    count = shape.reduce(1, *)
    let resultStrides = BroadcastLayout.contiguousStrides(of: shape)
    var dims: [(size: Int, s0: Int, s1: Int, sr: Int)] = []
    for axis in shape.indices where shape[axis] != 1 {
      let dim = (shape[axis], strides0[axis], strides1[axis], resultStrides[axis])
      if let last = dims.last, last.s0 == dim.1 * dim.0, last.s1 == dim.2 * dim.0,
        last.sr == dim.3 * dim.0
      {
        dims[dims.count - 1] = (last.size * dim.0, dim.1, dim.2, dim.3)
      } else {
        dims.append(dim)
      }
    }
    guard let inner = dims.popLast() else { return }
    (innerCount, innerStride0, innerStride1) = (inner.size, inner.s0, inner.s1)
    outerShape = dims.map(\.size)
    outerStrides0 = dims.map(\.s0)
    outerStrides1 = dims.map(\.s1)
    outerStridesResult = dims.map(\.sr)
  }

  /// Calls `body` with the starting offsets of operand 0, operand 1 and the result for
  /// every run of the innermost loop.
  @inline(__always)
  func forEachRun(_ body: (_ offset0: Int, _ offset1: Int, _ resultOffset: Int) -> Void) {
    guard count > 0 else { return }
    let rank = outerShape.count
    var index = [Int](repeating: 0, count: rank)
    var (o0, o1, or) = (0, 0, 0)
    for _ in 0..<(count / innerCount) {
      body(o0, o1, or)
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        o0 += outerStrides0[axis]
        o1 += outerStrides1[axis]
        or += outerStridesResult[axis]
        if index[axis] < outerShape[axis] { break }
        o0 -= outerStrides0[axis] * outerShape[axis]
        o1 -= outerStrides1[axis] * outerShape[axis]
        or -= outerStridesResult[axis] * outerShape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
