import Foundation
import GateKitCore

extension Gate {
  /// The gate's parameter values as an archive: one tensor per parameter path, in the
  /// gate's scalar type (`F32` for `Float`, `F64` otherwise).
  ///
  /// Add tensors of your own (say, preprocessing statistics) before writing it; load
  /// such a file with ``loadParameters(from:source:)`` after removing them.
  ///
  /// ```swift
  /// var archive = model.parameterArchive(metadata: ["epochs": "12"])
  /// archive.tensors["standardizer.mean"] = .float32(scaler.mean)
  /// try archive.write(to: URL(filePath: "model.safetensors"))
  /// ```
  ///
  /// - Parameter metadata: Strings stored in the header's `__metadata__`.
  /// - Returns: The archive.
  public func parameterArchive(metadata: [String: String] = [:]) -> SafetensorsArchive {
    var archive = SafetensorsArchive(metadata: metadata)
    for (path, parameter) in parameters {
      archive.tensors[path] = SafetensorsArchive.Entry(parameter.value)
    }
    return archive
  }

  /// Saves the gate's parameter values to a safetensors file, one tensor per parameter
  /// path, in the gate's scalar type (`F32` for `Float`, `F64` otherwise).
  ///
  /// The write is atomic: a temporary file in the same directory is flushed to disk and
  /// renamed over `url`, so a crash leaves the old file or the new one, never a mix. A
  /// replaced file keeps its permissions and owner, a read-only one is refused, and a
  /// symbolic link is written through (see ``AtomicFile``).
  ///
  /// ```swift
  /// try model.saveParameters(to: URL(filePath: "model.safetensors"), metadata: ["epochs": "12"])
  /// ```
  ///
  /// - Parameters:
  ///   - url: The file to write.
  ///   - metadata: Strings stored in the header's `__metadata__`.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` when
  ///   the file cannot be written.
  public func saveParameters(to url: URL, metadata: [String: String] = [:]) throws {
    try parameterArchive(metadata: metadata).write(to: url)
  }

  /// Loads parameter values saved by ``saveParameters(to:metadata:)`` (or by Python's
  /// `safetensors`), converting `F32`/`F64` to the gate's scalar type. The gate changes
  /// only if the whole file is valid and matches it.
  ///
  /// ```swift
  /// let metadata = try model.loadParameters(from: URL(filePath: "model.safetensors"))
  /// ```
  ///
  /// - Parameter url: The file to read.
  /// - Returns: The file's `__metadata__`.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming
  ///   the file for an unreadable or malformed file and when the tensors do not match the
  ///   gate's parameters (a tensor missing, or one for no parameter),
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for a
  ///   tensor of the wrong shape, and ``/GateKitCore/GateKitError/nonFinite(operation:location:)``
  ///   naming the file, the tensor and the element for a NaN or an infinity (or a value
  ///   beyond the range of the gate's scalar type).
  @discardableResult
  public mutating func loadParameters(from url: URL) throws -> [String: String] {
    let archive = try SafetensorsArchive(contentsOf: url)
    try loadParameters(from: archive, source: url.path)
    return archive.metadata
  }

  /// Sets the parameter values from an archive's tensors, which must be exactly the
  /// gate's parameter paths with their shapes, holding finite values only (a NaN or an
  /// infinity would make every prediction NaN). The gate changes only if all match.
  ///
  /// ```swift
  /// var archive = try SafetensorsArchive(contentsOf: url)
  /// let mean = archive.tensors.removeValue(forKey: "standardizer.mean")
  /// try model.loadParameters(from: archive, source: url.lastPathComponent)
  /// ```
  ///
  /// - Parameters:
  ///   - archive: The tensors, named by parameter path.
  ///   - source: What the archive came from, for error messages.
  /// - Throws: ``/GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming
  ///   `source` and the tensor when one is missing or names no parameter,
  ///   ``/GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` or
  ///   ``/GateKitCore/GateKitError/nonFinite(operation:location:)`` (naming `source`, the
  ///   tensor and the element).
  public mutating func loadParameters(from archive: SafetensorsArchive, source: String) throws {
    let operation = "loadParameters(from: \(source))"
    var values: [String: Tensor<Scalar>] = [:]
    for name in archive.tensors.keys.sorted() {
      values[name] = try archive.tensors[name]?.finiteTensor(
        as: Scalar.self, name: name, operation: operation)
    }
    var updated = self
    do {
      try updated.assignParameters(values) { "\(operation): \($0)" }
    } catch GateKitError.missingParameter(let path) {
      let shape = parameters.first { $0.path == path }?.parameter.value.shape ?? []
      throw GateKitError.malformedData(
        source: source, location: "tensor '\(quotable(path))'",
        reason:
          "missing (the model has this parameter, of shape [\(shape.map(String.init).joined(separator: ", "))])"
      )
    } catch GateKitError.unknownParameter(let path) {
      throw GateKitError.malformedData(
        source: source, location: "tensor '\(quotable(path))'",
        reason: "the model has no parameter of this name")
    }
    self = updated
  }
}
