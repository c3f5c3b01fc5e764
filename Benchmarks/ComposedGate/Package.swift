// swift-tools-version:6.0
import PackageDescription

// What a gate written with tensor operations costs next to a built-in element-wise gate
// (Docs/AddingAGate.md): `swift run -c release --package-path Benchmarks/ComposedGate`.
let package = Package(
  name: "ComposedGate",
  dependencies: [.package(name: "GateKit", path: "../..")],
  targets: [
    .executableTarget(
      name: "ComposedGateBenchmark",
      dependencies: [.product(name: "GateKit", package: "GateKit")])
  ],
  swiftLanguageModes: [.v6]
)
