// Everything that walks a gate's parameter list, built on `visitParameters` alone.

extension Gate {
  /// The gate's parameters with their paths, in visiting order.
  ///
  /// ```swift
  /// for (path, parameter) in model.parameters { print(path, parameter.value.shape) }
  /// ```
  public var parameters: [(path: String, parameter: Parameter<Scalar>)] {
    var copy = self
    var result: [(path: String, parameter: Parameter<Scalar>)] = []
    copy.visitParameters { path, parameter in result.append((path, parameter)) }
    return result
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.parameter.value.scalarCount }
  }

  /// Resets the accumulated gradient of every parameter to zero.
  public mutating func zeroGradients() {
    visitParameters { _, parameter in parameter.zeroGradient() }
  }

  /// The parameter at `path`.
  ///
  /// - Parameter path: A path as ``parameters`` lists it, for example `layers.0.weight`.
  /// - Returns: The parameter.
  /// - Throws: ``GateKitError/unknownParameter(path:)`` if there is none.
  public func parameter(at path: String) throws -> Parameter<Scalar> {
    guard let found = parameters.first(where: { $0.path == path }) else {
      throw GateKitError.unknownParameter(path: path)
    }
    return found.parameter
  }

  /// Copies the parameter values of `source` into this gate, matching them by path and
  /// converting the scalar type.
  ///
  /// This is how a model meant for `Float` training is checked in `Double`: build the
  /// same architecture with `Double` (for example from one function generic over the
  /// scalar type), copy the `Float` model's values, and run the gradient checker.
  ///
  /// ```swift
  /// var checked = makeModel(Double.self)
  /// try checked.copyParameters(from: trained)  // trained: Sequential<Float>
  /// ```
  ///
  /// - Parameter source: A gate with the same parameter paths and shapes.
  /// - Throws: ``GateKitError/missingParameter(path:)`` when `source` lacks a path of
  ///   this gate, ``GateKitError/unknownParameter(path:)`` when it has an extra one, and
  ///   ``GateKitError/shapeMismatch(operation:expected:actual:)`` when shapes differ.
  public mutating func copyParameters<Source: Gate>(from source: Source) throws {
    var values: [String: Tensor<Source.Scalar>] = [:]
    for (path, parameter) in source.parameters { values[path] = parameter.value }
    try assignParameters(values) { "copyParameters: \($0)" }
  }

  /// Sets every parameter to the value of the same path in `values`, converting the
  /// scalar type: what copying parameters and loading a checkpoint share.
  ///
  /// - Parameters:
  ///   - values: A value for every parameter path, and no others.
  ///   - operation: The operation a shape error names, given the path.
  /// - Throws: `missingParameter`, `unknownParameter` or `shapeMismatch`.
  package mutating func assignParameters<Other: TensorScalar>(
    _ values: [String: Tensor<Other>], operation: (_ path: String) -> String
  ) throws {
    var values = values
    try visitParameters { path, parameter in
      guard let value = values.removeValue(forKey: path) else {
        throw GateKitError.missingParameter(path: path)
      }
      guard value.shape == parameter.value.shape else {
        throw GateKitError.shapeMismatch(
          operation: operation(path), expected: "shape \(format(parameter.value.shape))",
          actual: value.shape)
      }
      parameter.value = Tensor(value)
    }
    if let extra = values.keys.sorted().first {
      throw GateKitError.unknownParameter(path: extra)
    }
  }
}
