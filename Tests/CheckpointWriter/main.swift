// A child process for the killed-save test: saves checkpoint versions first, first + 1, …
// to one path, forever, until it is killed. Version k is a 4 MB tensor whose every
// value is k, so a reader can tell a whole file from a torn one.
import Foundation
import GateKitCheckpoints
import GateKitCore

let arguments = CommandLine.arguments
guard arguments.count == 3, let first = Int(arguments[2]) else {
  FileHandle.standardError.write(Data("usage: CheckpointWriter PATH FIRST-VERSION\n".utf8))
  exit(2)
}
let url = URL(fileURLWithPath: arguments[1])
var version = first
while true {
  let values = try Tensor<Float>(repeating: Float(version), shape: [1_000_000])
  let archive = SafetensorsArchive(
    tensors: ["values": .float32(values)], metadata: ["version": String(version)])
  try archive.write(to: url)
  version += 1
}
