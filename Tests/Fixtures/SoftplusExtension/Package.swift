// swift-tools-version:6.0
import PackageDescription

// A downstream package, as an extension author would write one: it depends on GateKit (by
// path here; by URL and version in real life), defines its own gate, and checks it with
// GateKit's conformance suite. GateKit's CI builds and tests it, proving that everything
// an author needs is public API.
let package = Package(
  name: "SoftplusExtension",
  products: [.library(name: "SoftplusGate", targets: ["SoftplusGate"])],
  dependencies: [.package(name: "GateKit", path: "../../..")],
  targets: [
    .target(name: "SoftplusGate", dependencies: [.product(name: "GateKit", package: "GateKit")]),
    .testTarget(
      name: "SoftplusGateTests",
      dependencies: ["SoftplusGate", .product(name: "GateKit", package: "GateKit")]),
  ]
)
