// swift-tools-version: 6.0
import PackageDescription

// Targets follow shared/conventions.md: pure types and core first, I/O at the edges.
// Later issues add KubeClient, ControllerRuntime, DrawbridgeControllers and APIServerEmulator.
let package = Package(
    name: "drawbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "drawbridge", targets: ["drawbridge"]),
        .library(name: "DrawbridgeAPI", targets: ["DrawbridgeAPI"]),
        .library(name: "DrawbridgeCore", targets: ["DrawbridgeCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Codable Kubernetes and Drawbridge types, plus manifest (YAML/JSON) decoding. No I/O.
        .target(name: "DrawbridgeAPI", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Pure, deterministic decisions: durations, approval state machine, policy engine, RBAC.
        .target(name: "DrawbridgeCore", dependencies: ["DrawbridgeAPI"]),
        // The in-memory Kubernetes API server: store, semantics and request pipeline, without any
        // networking, so it is fast to build and test; the HTTP/TLS adapter sits on top.
        .target(name: "APIServerEmulator", dependencies: ["DrawbridgeAPI", "DrawbridgeCore"]),
        // Fixtures and builders shared by every test target.
        .target(name: "DrawbridgeTesting", dependencies: ["DrawbridgeAPI", "DrawbridgeCore"]),
        .executableTarget(
            name: "drawbridge",
            dependencies: [
                "DrawbridgeAPI", "DrawbridgeCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DrawbridgeAPITests", dependencies: ["DrawbridgeAPI", "DrawbridgeTesting"]),
        .testTarget(name: "DrawbridgeCoreTests", dependencies: ["DrawbridgeCore", "DrawbridgeTesting"]),
        .testTarget(name: "APIServerEmulatorTests", dependencies: ["APIServerEmulator", "DrawbridgeTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
