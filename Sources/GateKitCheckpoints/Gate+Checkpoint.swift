import Foundation
import GateKitCore
import GateKitData

extension Gate {
  /// Saves the gate's parameter values to a safetensors file, one tensor per parameter
  /// path, in the gate's scalar type (`F32` for `Float`, `F64` otherwise).
  ///
  /// The write is atomic: a temporary file in the same directory is flushed to disk and
  /// renamed over `url`, so a crash leaves the old file or the new one, never a mix.
  ///
  /// ```swift
  /// try model.saveParameters(to: URL(filePath: "model.safetensors"), metadata: ["epochs": "12"])
  /// ```
  ///
  /// - Parameters:
  ///   - url: The file to write.
  ///   - metadata: Strings stored in the header's `__metadata__`.
  /// - Throws: ``GateKitCore/GateKitError/malformedData(source:location:reason:)`` when
  ///   the file cannot be written.
  public func saveParameters(to url: URL, metadata: [String: String] = [:]) throws {
    var archive = SafetensorsArchive(metadata: metadata)
    for (path, parameter) in parameters {
      archive.tensors[path] =
        Scalar.self == Float.self
        ? .float32(Tensor<Float>(parameter.value)) : .float64(Tensor<Double>(parameter.value))
    }
    try AtomicFile.write(archive.encoded(), to: url)
  }

  /// Loads parameter values saved by ``saveParameters(to:metadata:)`` (or by Python's
  /// `safetensors`), converting `F32`/`F64` to the gate's scalar type. The gate changes
  /// only if the whole file is valid and matches it.
  ///
  /// - Parameter url: The file to read.
  /// - Returns: The file's `__metadata__`.
  /// - Throws: ``GateKitCore/GateKitError/malformedData(source:location:reason:)`` for an
  ///   unreadable or malformed file, ``GateKitCore/GateKitError/missingParameter(path:)``
  ///   and ``GateKitCore/GateKitError/unknownParameter(path:)`` when the tensors do not
  ///   match the gate's parameters, and
  ///   ``GateKitCore/GateKitError/shapeMismatch(operation:expected:actual:)`` for a
  ///   tensor of the wrong shape.
  @discardableResult
  public mutating func loadParameters(from url: URL) throws -> [String: String] {
    let data = try fileContents(of: url)
    let archive = try SafetensorsArchive(decoding: data, source: url.path)
    var updated = self
    try updated.assignParameters(archive.tensors.mapValues { $0.tensor(as: Scalar.self) }) {
      "loadParameters(from: \(url.lastPathComponent)): \($0)"
    }
    self = updated
    return archive.metadata
  }
}
