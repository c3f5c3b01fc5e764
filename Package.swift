// swift-tools-version:6.0
import PackageDescription

// GateKit: neural networks built from gates that each know their local forward and
// backward pass. No external dependencies and no unsafe build flags, so that a
// downstream package can depend on a tagged version.
let package = Package(
  name: "GateKit",
  products: [
    // MARK: Libraries
    .library(name: "GateKit", targets: ["GateKit"]),
    .library(name: "GateKitCore", targets: ["GateKitCore"]),
    .library(name: "GateKitInitializers", targets: ["GateKitInitializers"]),
    .library(name: "GateKitGates", targets: ["GateKitGates"]),
    .library(name: "GateKitComposers", targets: ["GateKitComposers"]),
    .library(name: "GateKitChecking", targets: ["GateKitChecking"]),

    // MARK: Command line
    .executable(name: "gatekit", targets: ["GateKitCommand"]),

    // MARK: Plugins
    .plugin(name: "GradcheckPlugin", targets: ["GradcheckPlugin"]),
  ],
  dependencies: [],
  targets: [
    // MARK: Core: Tensor, scalar kernels, the Gate and Layer contracts, parameters, errors, RNG
    .target(name: "GateKitCore"),

    // MARK: Weight initializers
    .target(name: "GateKitInitializers", dependencies: ["GateKitCore"]),

    // MARK: Built-in gates
    .target(name: "GateKitGates", dependencies: ["GateKitCore", "GateKitInitializers"]),

    // MARK: Composers: Sequential and Graph
    .target(name: "GateKitComposers", dependencies: ["GateKitCore"]),

    // MARK: Gradient checker
    .target(name: "GateKitChecking", dependencies: ["GateKitCore"]),

    // MARK: Umbrella module
    .target(
      name: "GateKit",
      dependencies: [
        "GateKitCore", "GateKitInitializers", "GateKitGates", "GateKitComposers",
        "GateKitChecking",
      ]
    ),

    // MARK: Course examples and the built-in gradient-check catalog (used by the CLI and tests)
    .target(name: "GateKitExamples", dependencies: ["GateKit"]),

    // MARK: The `gatekit` command
    .executableTarget(name: "GateKitCommand", dependencies: ["GateKit", "GateKitExamples"]),

    // MARK: Plugins
    .plugin(
      name: "GradcheckPlugin",
      capability: .command(
        intent: .custom(verb: "gradcheck", description: "Gradient-check every built-in gate"))
    ),

    // MARK: Tests
    .target(
      name: "GateKitTestSupport", dependencies: ["GateKitCore"], path: "Tests/GateKitTestSupport"),
    .testTarget(name: "GateKitCoreTests", dependencies: ["GateKitCore", "GateKitTestSupport"]),
    .testTarget(
      name: "GateKitInitializersTests", dependencies: ["GateKitInitializers", "GateKitTestSupport"]),
    .testTarget(
      name: "GateKitGatesTests", dependencies: ["GateKit", "GateKitExamples", "GateKitTestSupport"]),
    .testTarget(name: "GateKitComposersTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .testTarget(name: "GateKitCheckingTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .testTarget(name: "GateKitExamplesTests", dependencies: ["GateKitExamples"]),
  ],
  swiftLanguageModes: [.v6]
)
