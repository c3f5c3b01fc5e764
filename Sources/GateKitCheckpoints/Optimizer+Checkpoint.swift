import Foundation
import GateKitCore
import GateKitOptimizers

extension Optimizer {
  /// The optimizer's state as an archive: every state tensor under its name
  /// (`<parameter path>.<slot>`, such as `layers.0.weight.firstMoment`) in the scalar
  /// type, and in `__metadata__` the optimizer's kind (`optimizer`), the step count
  /// (`step`) and the learning rate (`learning_rate`, written so that it reads back to
  /// the same `Double`).
  ///
  /// ```swift
  /// try optimizer.stateArchive().write(to: URL(filePath: "adam.safetensors"))
  /// ```
  ///
  /// - Parameter metadata: More strings for `__metadata__`.
  /// - Returns: The archive.
  public func stateArchive(metadata: [String: String] = [:]) -> SafetensorsArchive {
    var archive = SafetensorsArchive(metadata: metadata)
    archive.metadata["optimizer"] = kind
    archive.metadata["step"] = String(state.step)
    archive.metadata["learning_rate"] = String(learningRate)
    for (name, tensor) in state.tensors {
      archive.tensors[name] = SafetensorsArchive.Entry(tensor)
    }
    return archive
  }

  /// Saves the optimizer's state — step count, learning rate and every moment or
  /// velocity tensor — to a safetensors file, atomically, so that training resumes
  /// bit for bit after ``loadState(from:for:)``.
  ///
  /// ```swift
  /// try model.saveParameters(to: directory.appending(path: "model.safetensors"))
  /// try optimizer.saveState(to: directory.appending(path: "optimizer.safetensors"))
  /// ```
  ///
  /// - Parameters:
  ///   - url: The file to write.
  ///   - metadata: More strings for `__metadata__`.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` when
  ///   the file cannot be written.
  public func saveState(to url: URL, metadata: [String: String] = [:]) throws {
    try stateArchive(metadata: metadata).write(to: url)
  }

  /// Restores the state saved by ``saveState(to:metadata:)`` for the parameters of
  /// `model`. The hyperparameters (such as `β₁`, momentum or weight decay) are the
  /// optimizer's own; the file supplies the step count, the learning rate and the state
  /// tensors. The optimizer changes only if the whole file is valid and matches.
  ///
  /// ```swift
  /// var optimizer = try Adam<Float>(learningRate: 1e-3)
  /// try optimizer.loadState(from: URL(filePath: "adam.safetensors"), for: model)
  /// ```
  ///
  /// - Parameters:
  ///   - url: The file to read.
  ///   - model: The model whose parameters the state belongs to.
  /// - Returns: The file's `__metadata__`.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable or malformed file (including a missing or invalid step count or
  ///   learning rate), ``/GateKitCore/GateKitError/invalidArgument(operation:reason:)``
  ///   when it holds another optimizer's state or a tensor for no parameter of `model`,
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for a
  ///   tensor whose shape differs from its parameter's, and
  ///   ``/GateKitCore/GateKitError/nonFinite(operation:location:)`` naming the file, the
  ///   tensor and the element for a NaN or an infinity in a state tensor.
  @discardableResult
  public mutating func loadState<Model: Gate>(from url: URL, for model: Model) throws
    -> [String: String]
  where Model.Scalar == Scalar {
    let archive = try SafetensorsArchive(contentsOf: url)
    try loadState(from: archive, source: url.path, for: model)
    return archive.metadata
  }

  /// Restores the state from an archive made by ``stateArchive(metadata:)``.
  ///
  /// - Parameters:
  ///   - archive: The archive.
  ///   - source: What the archive came from, for error messages.
  ///   - model: The model whose parameters the state belongs to.
  /// - Throws: As ``loadState(from:for:)``.
  public mutating func loadState<Model: Gate>(
    from archive: SafetensorsArchive, source: String, for model: Model
  ) throws where Model.Scalar == Scalar {
    let operation = "\(kind).loadState(from: \(source))"
    func malformed(_ key: String, _ reason: String) -> GateKitError {
      .malformedData(source: source, location: "header, __metadata__ '\(key)'", reason: reason)
    }
    let saved = archive.metadata["optimizer"]
    guard saved == kind else {
      throw GateKitError.invalidArgument(
        operation: operation,
        reason: "the file holds \(saved.map { "the state of \($0)" } ?? "no optimizer state")")
    }
    guard let text = archive.metadata["step"], let step = Int(text), step >= 0 else {
      throw malformed("step", "must be a non-negative integer")
    }
    guard let text = archive.metadata["learning_rate"], let rate = Double(text), rate.isFinite,
      rate >= 0
    else { throw malformed("learning_rate", "must be a finite number ≥ 0") }

    let shapes = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0, $1.value.shape) })
    var restored = OptimizerState<Scalar>()
    restored.step = step
    for name in archive.tensors.keys.sorted() {
      guard let entry = archive.tensors[name] else { continue }
      // `<path>.<slot>`: the slot is the last component, the rest a parameter path.
      guard let dot = name.lastIndex(of: "."),
        let shape = shapes[String(name[..<dot])]
      else {
        throw GateKitError.invalidArgument(
          operation: operation,
          reason: "state tensor '\(name)' belongs to no parameter of the model")
      }
      guard entry.shape == shape else {
        throw GateKitError.shapeMismatch(
          operation: "\(operation): \(name)", expected: "the parameter's shape \(shape)",
          actual: entry.shape)
      }
      restored.tensors[name] = try entry.finiteTensor(
        as: Scalar.self, name: name, operation: operation)
    }
    state = restored
    learningRate = rate
  }

  /// The optimizer's kind, its type name without generic arguments (`Adam`, `SGD`).
  private var kind: String {
    String(String(describing: Self.self).prefix { $0 != "<" })
  }
}
