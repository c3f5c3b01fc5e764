import Foundation
import PackagePlugin

/// `swift package gradcheck [--json]`: builds the package's `gatekit` command and runs
/// `gatekit gradcheck`, the gradient checker over every built-in gate, failing when any
/// check fails.
///
/// A plugin cannot link a library, so it runs the executable. It asks the package manager
/// to build the product rather than depending on the executable target, which SwiftPM
/// rejects when a product of another name also holds that target (swift-package-manager
/// issue 8831).
@main
struct GradcheckPlugin: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    let build = try packageManager.build(
      .product("gatekit"), parameters: .init(configuration: .debug))
    guard build.succeeded else {
      Diagnostics.error(build.logText)
      throw GradcheckFailure(description: "building gatekit failed")
    }
    guard let gatekit = build.builtArtifacts.first(where: { $0.kind == .executable }) else {
      throw GradcheckFailure(description: "the build produced no gatekit executable")
    }
    let process = Process()
    process.executableURL = gatekit.url
    process.arguments = ["gradcheck"] + arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw GradcheckFailure(
        description:
          "gradient check failed (gatekit exited with status \(process.terminationStatus))")
    }
  }
}

/// The error that makes `swift package gradcheck` exit non-zero.
struct GradcheckFailure: Error, CustomStringConvertible {
  var description: String
}
