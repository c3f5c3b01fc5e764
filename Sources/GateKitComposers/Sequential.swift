import GateKitCore

/// Layers applied one after another: a forward loop and a reverse backward loop.
///
/// A `Sequential` is itself a ``/GateKitCore/Layer``, so it nests. Its parameters are its layers'
/// parameters with the path `layers.<index>.<name>`.
///
/// ```swift
/// var generator = SeededGenerator(seed: 0)
/// var model = try Sequential<Float> {
///   try Dense(64, 32, using: &generator)
///   ReLU()
///   try Dense(32, 10, using: &generator)
/// }
/// let logits = try model.forward(x)
/// ```
public struct Sequential<Scalar: TensorScalar>: Layer {
  /// The layers, in forward order.
  public var layers: [any Layer<Scalar>] {
    didSet { if layers.count != pathPrefixes.count { pathPrefixes = Self.prefixes(layers.count) } }
  }
  /// `layers.<index>.` for each layer, made once rather than on every parameter visit.
  private var pathPrefixes: [String]
  private var outputShape: [Int]?

  /// A sequential composition of the given layers.
  ///
  /// - Parameter layers: The layers, in forward order.
  public init(_ layers: [any Layer<Scalar>]) {
    self.layers = layers
    self.pathPrefixes = Self.prefixes(layers.count)
  }

  private static func prefixes(_ count: Int) -> [String] {
    (0..<count).map { "layers.\($0)." }
  }

  /// A sequential composition built by listing the layers.
  ///
  /// - Parameter content: The layers, one per statement.
  /// - Throws: What `content` throws.
  public init(@LayerBuilder<Scalar> _ content: () throws -> [any Layer<Scalar>]) rethrows {
    self.init(try content())
  }

  /// The numbered layers on one line: `Sequential(0: Dense(64 → 32), 1: ReLU)`.
  public var description: String {
    let items = layers.enumerated().map { index, layer in "\(index): \(layer)" }
    return "Sequential(" + items.joined(separator: ", ") + ")"
  }

  /// Runs each layer's forward pass on the previous layer's output.
  ///
  /// - Parameter input: The first layer's input.
  /// - Returns: The last layer's output (the input itself when there are no layers).
  /// - Throws: The first error a layer throws, its operation prefixed with the layer's path
  ///   (`layers.4 (Dense(8 → 3)): expected input of shape [batch, 8], got [4, 16]`).
  @_specialize(where Scalar == Float)
  public mutating func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
    outputShape = nil
    var x = input
    for i in layers.indices { x = try withLayer(i) { try $0.forward(x) } }
    outputShape = x.shape
    return x
  }

  /// Runs each layer's backward pass in reverse order, feeding each the gradient that the
  /// next layer returned.
  ///
  /// - Parameter upstream: `dL/dout` for the last layer.
  /// - Returns: `dL/d(input)` of the first layer.
  /// - Throws: The first error a layer throws.
  @_specialize(where Scalar == Float)
  public mutating func backward(_ upstream: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try validateUpstream(upstream, outputShape: cached(outputShape))
    var gradient = upstream
    for i in layers.indices.reversed() { gradient = try withLayer(i) { try $0.backward(gradient) } }
    return gradient
  }

  /// The backward pass without the input gradient: every layer but the first passes its
  /// gradient on as in `backward(_:)`; the first only accumulates its parameters'.
  ///
  /// - Parameter upstream: `dL/dout` for the last layer.
  /// - Throws: The first error a layer throws.
  @_specialize(where Scalar == Float)
  public mutating func accumulateParameterGradients(_ upstream: Tensor<Scalar>) throws {
    try validateUpstream(upstream, outputShape: cached(outputShape))
    var gradient = upstream
    for i in layers.indices.reversed() {
      if i == layers.startIndex {
        try withLayer(i) { try $0.accumulateParameterGradients(gradient) }
      } else {
        gradient = try withLayer(i) { try $0.backward(gradient) }
      }
    }
  }

  /// Runs a pass of layer `i` and locates any error it throws at the layer's path.
  @inline(__always)
  private mutating func withLayer<Result>(
    _ i: Int, _ pass: (inout any Layer<Scalar>) throws -> Result
  ) throws -> Result {
    do {
      return try pass(&layers[i])
    } catch let error as GateKitError {
      throw error.located(atPath: "layers.\(i)", in: layers[i])
    }
  }

  /// Visits every layer's parameters as `layers.<index>.<name>`.
  ///
  /// - Parameter visit: Called with each parameter's path and a mutable reference.
  /// - Throws: What `visit` throws.
  public mutating func visitParameters(
    _ visit: (_ name: String, _ parameter: inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    for i in layers.indices {
      let prefix = pathPrefixes[i]
      try layers[i].visitParameters { name, parameter in try visit(prefix + name, &parameter) }
    }
  }
}

extension Sequential: CompositeGate {
  /// Runs the layers on copies, recording each one's input and, given `upstream`, the
  /// gradient of its output. Children are named `layers.0`, `layers.1`, …; each reads the
  /// previous one's output.
  ///
  /// - Parameters:
  ///   - inputs: The one input.
  ///   - upstream: The gradient of the output, or `nil` for a forward pass only.
  /// - Returns: The output and one record per layer.
  /// - Throws: What the layers throw, or a wrong input count.
  public func trace(inputs: [Tensor<Scalar>], upstream: Tensor<Scalar>?) throws -> GateTrace<
    Scalar
  > {
    try validateInputCount(inputs)
    var copies = layers
    var layerInputs: [Tensor<Scalar>] = []
    var x = inputs[0]
    for i in copies.indices {
      layerInputs.append(x)
      x = try copies[i].forward(x)
    }
    var upstreams = [Tensor<Scalar>?](repeating: nil, count: copies.count)
    if let upstream {
      try validateUpstream(upstream, outputShape: x.shape)
      var gradient = upstream
      for i in copies.indices.reversed() {
        upstreams[i] = gradient
        gradient = try copies[i].backward(gradient)
      }
    }
    let children = layers.indices.map { i in
      ChildTrace(
        path: "layers.\(i)", gate: layers[i] as any Gate<Scalar>, inputs: [layerInputs[i]],
        upstream: upstreams[i], sources: [i == 0 ? .input(0) : .child(i - 1)])
    }
    return GateTrace(
      output: x, children: children,
      outputSource: layers.isEmpty ? .input(0) : .child(layers.count - 1))
  }
}
