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
    .library(name: "GateKitModels", targets: ["GateKitModels"]),
    .library(name: "GateKitChecking", targets: ["GateKitChecking"]),
    .library(name: "GateKitCompression", targets: ["GateKitCompression"]),
    .library(name: "GateKitData", targets: ["GateKitData"]),
    .library(name: "GateKitLosses", targets: ["GateKitLosses"]),
    .library(name: "GateKitOptimizers", targets: ["GateKitOptimizers"]),
    .library(name: "GateKitTraining", targets: ["GateKitTraining"]),
    .library(name: "GateKitCheckpoints", targets: ["GateKitCheckpoints"]),
    .library(name: "GateKitPresentation", targets: ["GateKitPresentation"]),

    // MARK: Command line
    .executable(name: "gatekit", targets: ["GateKitCommand"]),

    // MARK: Plugins
    .plugin(name: "GradcheckPlugin", targets: ["GradcheckPlugin"]),
  ],
  dependencies: [],
  targets: [
    // MARK: Core: Tensor, scalar kernels, the Gate and Layer contracts, parameters, errors, RNG
    .target(name: "GateKitCore", dependencies: ["GateKitKernels"]),

    // MARK: The innermost float32 kernels in C (AVX2 + FMA per function, runtime dispatch)
    .target(name: "GateKitKernels"),

    // MARK: Weight initializers
    .target(name: "GateKitInitializers", dependencies: ["GateKitCore"]),

    // MARK: Built-in gates
    .target(name: "GateKitGates", dependencies: ["GateKitCore", "GateKitInitializers"]),

    // MARK: Composers: Sequential and Graph
    .target(name: "GateKitComposers", dependencies: ["GateKitCore"]),

    // MARK: Ready-made models: Sequential.perceptron
    .target(
      name: "GateKitModels",
      dependencies: ["GateKitCore", "GateKitInitializers", "GateKitGates", "GateKitComposers"]),

    // MARK: Compression: gzip and DEFLATE decoding in pure Swift, CRC-32
    .target(name: "GateKitCompression", dependencies: ["GateKitCore"]),

    // MARK: Files: the POSIX file reader the loaders share (package access, not a product)
    .target(name: "GateKitFiles", dependencies: ["GateKitCore"]),

    // MARK: Data: CSV and IDX readers, datasets, batching
    .target(
      name: "GateKitData", dependencies: ["GateKitCore", "GateKitCompression", "GateKitFiles"]),

    // MARK: Bundled datasets (resources; used by the command line, not part of GateKit)
    .target(name: "GateKitDatasets", dependencies: ["GateKitData"], resources: [.copy("Data")]),

    // MARK: Losses
    .target(name: "GateKitLosses", dependencies: ["GateKitCore"]),

    // MARK: Optimizers
    .target(name: "GateKitOptimizers", dependencies: ["GateKitCore"]),

    // MARK: Training loop
    .target(
      name: "GateKitTraining",
      dependencies: ["GateKitCore", "GateKitData", "GateKitLosses", "GateKitOptimizers"]),

    // MARK: Gradient checker
    .target(name: "GateKitChecking", dependencies: ["GateKitCore"]),

    // MARK: Checkpoints: safetensors files, written atomically
    .target(
      name: "GateKitCheckpoints",
      dependencies: ["GateKitCore", "GateKitFiles", "GateKitOptimizers"]),

    // MARK: Presentation: text tables, model summaries, SVG training plots, circuit diagrams
    .target(
      name: "GateKitPresentation",
      dependencies: ["GateKitCore", "GateKitComposers", "GateKitTraining"]),

    // MARK: Umbrella module
    .target(
      name: "GateKit",
      dependencies: [
        "GateKitCore", "GateKitInitializers", "GateKitGates", "GateKitComposers", "GateKitModels",
        "GateKitChecking", "GateKitLosses", "GateKitOptimizers", "GateKitCompression",
        "GateKitData", "GateKitTraining", "GateKitCheckpoints", "GateKitPresentation",
      ]
    ),

    // MARK: Course examples and the built-in gradient-check catalog (used by the CLI and tests)
    .target(name: "GateKitExamples", dependencies: ["GateKit", "GateKitDatasets"]),

    // MARK: The `gatekit` command
    .executableTarget(
      name: "GateKitCommand", dependencies: ["GateKit", "GateKitExamples", "GateKitDatasets"]),

    // MARK: Plugins
    .plugin(
      name: "GradcheckPlugin",
      capability: .command(
        intent: .custom(verb: "gradcheck", description: "Gradient-check every built-in gate"))
    ),

    // MARK: Tests
    .target(
      name: "GateKitTestSupport", dependencies: ["GateKitCore"], path: "Tests/GateKitTestSupport"),
    .testTarget(
      name: "GateKitCoreTests", dependencies: ["GateKitCore", "GateKitGates", "GateKitTestSupport"]),
    .testTarget(
      name: "GateKitInitializersTests",
      dependencies: ["GateKitInitializers", "GateKitGates", "GateKitTestSupport"]),
    .testTarget(
      name: "GateKitGatesTests", dependencies: ["GateKit", "GateKitExamples", "GateKitTestSupport"]),
    .testTarget(name: "GateKitComposersTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .testTarget(name: "GateKitModelsTests", dependencies: ["GateKit"]),
    .testTarget(
      name: "GateKitCheckingTests",
      dependencies: ["GateKit", "GateKitExamples", "GateKitTestSupport"]),
    .testTarget(name: "GateKitExamplesTests", dependencies: ["GateKitExamples"]),
    .testTarget(
      name: "GateKitCompressionTests", dependencies: ["GateKitCompression", "GateKitTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "GateKitDataTests",
      dependencies: ["GateKitData", "GateKitCompression", "GateKitTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "GateKitDatasetsTests", dependencies: ["GateKitDatasets", "GateKitTestSupport"]),
    .testTarget(name: "GateKitLossesTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .testTarget(name: "GateKitOptimizersTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .testTarget(name: "GateKitTrainingTests", dependencies: ["GateKit", "GateKitTestSupport"]),
    .executableTarget(
      name: "CheckpointWriter", dependencies: ["GateKitCheckpoints"],
      path: "Tests/CheckpointWriter"),
    .testTarget(
      name: "GateKitCheckpointsTests",
      dependencies: ["GateKit", "CheckpointWriter", "GateKitTestSupport"]),
    .testTarget(name: "GateKitPresentationTests", dependencies: ["GateKit", "GateKitTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
