import GateKitCore

/// The parts of a ``GateKitError/malformedData(source:location:reason:)``, or `nil` for
/// another error (the reader tests of GateKitData and GateKitCompression).
public func malformedDataParts(_ error: any Error) -> (
  source: String, location: String, reason: String
)? {
  guard case .malformedData(let source, let location, let reason) = error as? GateKitError else {
    return nil
  }
  return (source, location, reason)
}
