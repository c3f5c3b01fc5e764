// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for GateKit's parsers. Not part of GateKit: a fuzz executable has no
// `main` (libFuzzer supplies it), so it only links with `-sanitize=fuzzer`. Build and run
// with `Fuzz/run.sh` (see Docs/Fuzzing.md). The unsafe flag is fine here: nothing depends
// on this package.
let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "GateKitFuzz",
  dependencies: [.package(name: "GateKit", path: "..")],
  targets: [
    // CSVTable(parsing:source:) on the input as UTF-8 text.
    .executableTarget(
      name: "FuzzCSV", dependencies: [.product(name: "GateKitData", package: "GateKit")],
      swiftSettings: fuzzSettings),
    // The IDX reader's raw-or-gzip path: IDXArray(decoding:source:), which inflates a gzip
    // input only as far as its header declares.
    .executableTarget(
      name: "FuzzIDX",
      dependencies: [
        .product(name: "GateKitData", package: "GateKit"),
        .product(name: "GateKitCompression", package: "GateKit"),
      ],
      swiftSettings: fuzzSettings),
    // The DEFLATE decoder: the input is a raw DEFLATE stream behind a fixed gzip header.
    .executableTarget(
      name: "FuzzInflate",
      dependencies: [.product(name: "GateKitCompression", package: "GateKit")],
      swiftSettings: fuzzSettings),
    // SafetensorsArchive(decoding:source:).
    .executableTarget(
      name: "FuzzSafetensors",
      dependencies: [.product(name: "GateKitCheckpoints", package: "GateKit")],
      swiftSettings: fuzzSettings),
  ],
  swiftLanguageModes: [.v6]
)
