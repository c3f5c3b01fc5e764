import Foundation
import GateKitCore

/// The bytes of a file, or the error every GateKit reader throws for a file it cannot
/// read: ``GateKitCore/GateKitError/malformedData(source:location:reason:)`` naming the
/// file.
///
/// - Parameter url: The file.
/// - Returns: Its contents.
/// - Throws: `malformedData(source: path, location: "file", reason: "cannot be read (…)")`.
package func fileContents(of url: URL) throws -> Data {
  do {
    return try Data(contentsOf: url)
  } catch {
    throw GateKitError.malformedData(
      source: url.path, location: "file", reason: "cannot be read (\(error.localizedDescription))")
  }
}
