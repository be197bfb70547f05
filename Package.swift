// swift-tools-version: 6.0
import PackageDescription

// Targets follow shared/conventions.md: pure types and core first, I/O at the edges.
let package = Package(
    name: "drawbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "drawbridge", targets: ["drawbridge"]),
        .library(name: "DrawbridgeAPI", targets: ["DrawbridgeAPI"]),
        .library(name: "DrawbridgeCore", targets: ["DrawbridgeCore"]),
        // Also what the libFuzzer harnesses in Fuzz/ (a package of their own) link.
        .library(name: "DrawbridgeControllers", targets: ["DrawbridgeControllers"]),
        .library(name: "APIServerEmulator", targets: ["APIServerEmulator"]),
        .library(name: "KubeClient", targets: ["KubeClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Codable Kubernetes and Drawbridge types, plus manifest (YAML/JSON) decoding. No I/O.
        .target(name: "DrawbridgeAPI", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Pure, deterministic decisions: durations, approval state machine, policy engine, RBAC.
        .target(name: "DrawbridgeCore", dependencies: ["DrawbridgeAPI"]),
        // The in-memory Kubernetes API server: store, semantics and request pipeline, without any
        // networking, so it is fast to build and test; the HTTP/TLS adapter sits on top.
        .target(name: "APIServerEmulator", dependencies: ["DrawbridgeAPI", "DrawbridgeCore"]),
        // A throw-away CA and serving certificate (emulator HTTPS, webhook in dev mode and tests).
        .target(
            name: "SelfSignedTLS",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Serves APIServerEmulator over HTTP/1.1 and HTTPS (self-signed CA), writes kubeconfigs.
        .target(
            name: "EmulatorServer",
            dependencies: [
                "APIServerEmulator", "DrawbridgeAPI", "KubeClient", "SelfSignedTLS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Typed Kubernetes client: request builder, transports (AsyncHTTPClient), kubeconfig and
        // in-cluster config, Status errors, watch-stream decoding, client-side rate limit.
        .target(
            name: "KubeClient",
            dependencies: [
                "DrawbridgeAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Generic controller machinery: watcher state machine, store, work queue, event recorder.
        .target(
            name: "ControllerRuntime",
            dependencies: ["KubeClient", "DrawbridgeAPI", .product(name: "Logging", package: "swift-log")]
        ),
        // The AccessRequest controller, audit sinks and the admission webhook: read, ask Core, act.
        .target(
            name: "DrawbridgeControllers",
            dependencies: [
                "DrawbridgeCore", "DrawbridgeAPI", "ControllerRuntime", "KubeClient", "SelfSignedTLS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Fixtures, builders, a manual clock and an in-process controller harness for the tests.
        .target(
            name: "DrawbridgeTesting",
            dependencies: [
                "DrawbridgeAPI", "DrawbridgeCore", "KubeClient", "APIServerEmulator", "EmulatorServer",
                "DrawbridgeControllers", "ControllerRuntime", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "drawbridge",
            dependencies: [
                "DrawbridgeAPI", "DrawbridgeCore", "APIServerEmulator", "EmulatorServer", "KubeClient",
                "ControllerRuntime", "DrawbridgeControllers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Prints the emulator's throughput and latency figures: `swift run -c release emulator-bench`.
        .executableTarget(
            name: "emulator-bench", dependencies: ["APIServerEmulator"], path: "Benchmarks/EmulatorBenchmark"),
        // Prints the AccessRequest controller's latency, write and memory figures against the in-process
        // emulator: `swift build -c release --product drawbridge-bench && .build/release/drawbridge-bench`.
        .executableTarget(
            name: "drawbridge-bench",
            dependencies: [
                "DrawbridgeTesting", "DrawbridgeControllers", "ControllerRuntime", "KubeClient", "EmulatorServer",
                "APIServerEmulator", "DrawbridgeAPI", "DrawbridgeCore", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/DrawbridgeBenchmark"
        ),
        .testTarget(name: "DrawbridgeAPITests", dependencies: ["DrawbridgeAPI", "DrawbridgeTesting"]),
        .testTarget(name: "DrawbridgeCoreTests", dependencies: ["DrawbridgeCore", "DrawbridgeTesting"]),
        .testTarget(name: "APIServerEmulatorTests", dependencies: ["APIServerEmulator", "DrawbridgeTesting"]),
        .testTarget(
            name: "KubeClientTests",
            dependencies: ["KubeClient", "DrawbridgeTesting", "EmulatorServer", "APIServerEmulator"]),
        .testTarget(
            name: "ControllerRuntimeTests",
            dependencies: [
                "ControllerRuntime", "KubeClient", "DrawbridgeTesting", "EmulatorServer", "APIServerEmulator",
            ]
        ),
        .testTarget(
            name: "DrawbridgeControllersTests",
            dependencies: [
                "DrawbridgeControllers", "ControllerRuntime", "KubeClient", "DrawbridgeTesting", "EmulatorServer",
                "APIServerEmulator", "DrawbridgeCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Drives the real kubectl (and, when installed, the Python client) against the served emulator.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "EmulatorServer", "APIServerEmulator", "DrawbridgeAPI", "DrawbridgeTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
