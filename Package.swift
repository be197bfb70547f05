// swift-tools-version: 6.2
import PackageDescription

/// This package's folder, for flags that name a file in it (the linker runs elsewhere).
let packageRoot = String(#filePath.dropLast("/Package.swift".count))

// Products of the dependencies, named once.
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")
let hummingbirdTLS = Target.Dependency.product(name: "HummingbirdTLS", package: "hummingbird")
let x509 = Target.Dependency.product(name: "X509", package: "swift-certificates")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let asn1 = Target.Dependency.product(name: "SwiftASN1", package: "swift-asn1")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let nioFoundationCompat = Target.Dependency.product(name: "NIOFoundationCompat", package: "swift-nio")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let asyncHTTPClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let coreMetrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let deque = Target.Dependency.product(name: "DequeModule", package: "swift-collections")
let heap = Target.Dependency.product(name: "HeapModule", package: "swift-collections")
let subprocess = Target.Dependency.product(name: "Subprocess", package: "swift-subprocess")
let systemPackage = Target.Dependency.product(name: "SystemPackage", package: "swift-system")

// Pure types and core first, I/O at the edges (docs/architecture.md). Every target declares exactly
// the modules it imports (scripts/check-imports).
let package = Package(
    name: "drawbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "drawbridge", targets: ["drawbridge"]),
        // `kubectl drawbridge ...`: kubectl finds the plugin by this name on PATH.
        .executable(name: "kubectl-drawbridge", targets: ["kubectl-drawbridge"]),
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
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Codable Kubernetes and Drawbridge types, plus manifest (YAML/JSON) decoding. No I/O.
        .target(name: "DrawbridgeAPI", dependencies: [yams]),
        // Pure, deterministic decisions: durations, the planner, policy engine, RBAC, audit records.
        .target(name: "DrawbridgeCore", dependencies: ["DrawbridgeAPI", crypto]),
        // The in-memory Kubernetes API server: store, semantics and request pipeline, without any
        // networking, so it is fast to build and test; the HTTP/TLS adapter sits on top.
        .target(name: "APIServerEmulator", dependencies: ["DrawbridgeAPI", "DrawbridgeCore"]),
        // A throw-away CA and serving certificate (emulator HTTPS, webhook in dev mode and tests).
        .target(name: "SelfSignedTLS", dependencies: [x509, crypto, asn1]),
        // Serves APIServerEmulator over HTTP/1.1 and HTTPS (self-signed CA), writes kubeconfigs.
        .target(
            name: "EmulatorServer",
            dependencies: [
                "APIServerEmulator", "DrawbridgeAPI", "KubeClient", "SelfSignedTLS", hummingbird, hummingbirdCore,
                hummingbirdTLS, logging, nioSSL, nioCore, nioHTTP1, httpTypes, asyncHTTPClient, yams, serviceLifecycle,
            ]
        ),
        // Typed Kubernetes client: request builder, transports (AsyncHTTPClient), kubeconfig and
        // in-cluster config, Status errors, watch-stream decoding, client-side rate limit.
        .target(
            name: "KubeClient",
            dependencies: [
                "DrawbridgeAPI", asyncHTTPClient, nioSSL, nioCore, nioHTTP1, yams, subprocess, systemPackage,
            ]),
        // Generic controller machinery: watcher state machine, caches, work queue, the managed
        // controller and its builder, leader election, event recorder.
        .target(name: "ControllerRuntime", dependencies: ["KubeClient", "DrawbridgeAPI", logging, deque, heap]),
        // The AccessRequest controller, audit sinks and the admission webhook: gather, plan, act.
        .target(
            name: "DrawbridgeControllers",
            dependencies: [
                "DrawbridgeCore", "DrawbridgeAPI", "ControllerRuntime", "KubeClient", "SelfSignedTLS", logging,
                hummingbird, hummingbirdCore, hummingbirdTLS, nioSSL, nioCore, crypto, x509, asn1, serviceLifecycle,
                prometheus, asyncHTTPClient, nioHTTP1, deque,
            ]
        ),
        // Fixtures, builders, a manual clock, feeds and an in-process controller harness for the tests.
        .target(
            name: "DrawbridgeTesting",
            dependencies: [
                "DrawbridgeAPI", "DrawbridgeCore", "KubeClient", "APIServerEmulator", "EmulatorServer",
                "DrawbridgeControllers", "ControllerRuntime", logging,
            ]
        ),
        .executableTarget(
            name: "drawbridge",
            dependencies: [
                "DrawbridgeAPI", "DrawbridgeCore", "APIServerEmulator", "EmulatorServer", "KubeClient",
                "ControllerRuntime", "DrawbridgeControllers", argumentParser, serviceLifecycle, unixSignals, logging,
                metrics,
            ],
            // The functions the controller runs, for the linker (scripts/link-order writes it).
            exclude: ["drawbridge.order"],
            // Release builds on Linux link with lld and pack the 146,000 relative relocations (DT_RELR,
            // glibc 2.36 or later; the image runs 2.39): the 3.5 MB table gold wrote was read at every
            // start and stayed mapped, and lld keeps read-only data out of the executable segment.
            // lld also lays out the functions the controller runs together (drawbridge.order): the
            // kernel maps 64 KB around each page fault, so scattered, they kept almost all of the
            // 34 MB of code resident. Together the two cut the controller's RSS by about 15 MiB
            // (docs/benchmarks.md). The toolchain's static-stdlib flags export every symbol of the
            // executable (53,000) to the dynamic loader, which nothing here looks up by name: each
            // shared library's symbol lookup searched that table at start, and it stayed mapped.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
                        "--symbol-ordering-file=\(packageRoot)/Sources/drawbridge/drawbridge.order", "-Xlinker",
                        "--no-warn-symbol-ordering", "-Xlinker", "--no-export-dynamic",
                    ],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),
        // The kubectl plugin's logic: cluster reads with the caller's kubeconfig identity, the reviewer
        // inbox and explanations (decided by DrawbridgeCore), tables and output formats; testable
        // without a process.
        .target(
            name: "DrawbridgePlugin",
            dependencies: ["DrawbridgeAPI", "DrawbridgeCore", "KubeClient", yams]
        ),
        // The `kubectl-drawbridge` executable: argument parsing only, over DrawbridgePlugin.
        .executableTarget(
            name: "kubectl-drawbridge",
            dependencies: [
                "DrawbridgePlugin", "DrawbridgeAPI", "DrawbridgeCore", argumentParser,
            ]
        ),
        // Prints the emulator's throughput and latency figures: `swift run -c release emulator-bench`.
        .executableTarget(
            name: "emulator-bench", dependencies: ["APIServerEmulator", "DrawbridgeAPI"],
            path: "Benchmarks/EmulatorBenchmark"),
        // Prints the work queue's delayed-add and firing throughput with 10,000 keys waiting:
        // `swift build -c release --product workqueue-bench && .build/release/workqueue-bench`.
        .executableTarget(
            name: "workqueue-bench", dependencies: ["ControllerRuntime", "DrawbridgeAPI"],
            path: "Benchmarks/WorkQueueBenchmark"),
        // Prints the AccessRequest controller's latency, write and memory figures against the in-process
        // emulator: `swift build -c release --product drawbridge-bench && .build/release/drawbridge-bench`.
        .executableTarget(
            name: "drawbridge-bench",
            dependencies: [
                "DrawbridgeTesting", "DrawbridgeControllers", "ControllerRuntime", "KubeClient", "DrawbridgeAPI",
                "DrawbridgeCore",
            ],
            path: "Benchmarks/DrawbridgeBenchmark"
        ),
        .testTarget(name: "DrawbridgeAPITests", dependencies: ["DrawbridgeAPI", "DrawbridgeTesting"]),
        .testTarget(
            name: "DrawbridgeCoreTests", dependencies: ["DrawbridgeCore", "DrawbridgeAPI", "DrawbridgeTesting"]),
        .testTarget(
            name: "APIServerEmulatorTests",
            dependencies: ["APIServerEmulator", "DrawbridgeAPI", "KubeClient", "DrawbridgeTesting"]),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient", "DrawbridgeAPI", "DrawbridgeTesting", "EmulatorServer", "APIServerEmulator",
                asyncHTTPClient, nioSSL, nioHTTP1,
            ]
        ),
        .testTarget(
            name: "ControllerRuntimeTests",
            dependencies: [
                "ControllerRuntime", "DrawbridgeAPI", "KubeClient", "DrawbridgeTesting", "APIServerEmulator", logging,
                heap,
            ]
        ),
        .testTarget(
            name: "DrawbridgeControllersTests",
            dependencies: [
                "DrawbridgeControllers", "ControllerRuntime", "KubeClient", "DrawbridgeTesting", "EmulatorServer",
                "APIServerEmulator", "DrawbridgeCore", "DrawbridgeAPI", asyncHTTPClient, nioSSL, nioCore, nioHTTP1,
                nioFoundationCompat, logging,
            ]
        ),
        .testTarget(
            name: "DrawbridgePluginTests",
            dependencies: [
                "DrawbridgePlugin", "DrawbridgeAPI", "DrawbridgeCore", "DrawbridgeTesting", "KubeClient",
            ]
        ),
        // Drives the real kubectl (and, when installed, the Python client) against the served emulator.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "EmulatorServer", "APIServerEmulator", "DrawbridgeAPI", "DrawbridgeTesting", "KubeClient", hummingbird,
                hummingbirdCore, hummingbirdTLS, nioSSL, nioCore, nioHTTP1, httpTypes, asyncHTTPClient, logging,
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every target sees only the members of modules it imports itself (SE-0444), so its imports say
// exactly what it uses; `scripts/check-imports` checks Package.swift declares the same.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
