import GateKit

// Gates that break a part of the Gate contract that no single gradient check sees, each
// caught by one check of the conformance suite.

/// `y = x²` whose backward uses the input of the *first* forward pass it saw.
struct SquareWithStaleCache: Layer {
  private var input: Tensor<Double>?
  var description: String { "SquareWithStaleCache" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    if self.input == nil { self.input = input }  // wrong: keeps the first input
    return input.map { $0 * $0 }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(input).map { 2 * $0 }
  }
}

/// `y = x²` whose backward consumes its cache: a second backward call throws.
struct SquareConsumingItsCache: Layer {
  private var input: Tensor<Double>?
  var description: String { "SquareConsumingItsCache" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    self.input = input
    return input.map { $0 * $0 }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    defer { input = nil }  // wrong: backward may be called again
    return try upstream * cached(input).map { 2 * $0 }
  }
}

/// A cache kept in a class instance, so that copies of a gate share it.
final class SharedBox: @unchecked Sendable {
  // Test-only: the conformance suite runs a gate on one thread at a time.
  var input: Tensor<Double>?
}

/// `y = x²` with its cache in a shared class instance: a copy's forward pass overwrites
/// the original's cache.
struct SquareWithSharedCache: Layer {
  private let box = SharedBox()
  var description: String { "SquareWithSharedCache" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    box.input = input
    return input.map { $0 * $0 }
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try upstream * cached(box.input).map { 2 * $0 }
  }
}

/// A dense layer whose bias is not visited: optimizers, checkpoints and the parameter
/// walk never see it.
struct DenseHidingItsBias: Layer {
  var inner: Dense<Double>
  var description: String { "DenseHidingItsBias" }

  mutating func forward(_ input: Tensor<Double>) throws -> Tensor<Double> {
    try inner.forward(input)
  }

  mutating func backward(_ upstream: Tensor<Double>) throws -> Tensor<Double> {
    try inner.backward(upstream)
  }

  mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Double>) throws -> Void
  ) rethrows {
    try visit("weight", &inner.weight)  // wrong: the bias is missing
  }
}
