// swift-tools-version: 6.0
import PackageDescription

// libFuzzer harnesses for Drawbridge's parsers (docs/security.md, "Fuzzing"). A package of its own so
// the normal `swift build` never sees them: each harness exports `LLVMFuzzerTestOneInput` and has no
// `main`, which only links with `--sanitize fuzzer` (libFuzzer brings `main`). Build and run them with
// `scripts/fuzz`, which builds into `.build-fuzz` at the repository root.
//
// The parent package is named explicitly: a path dependency's identity is otherwise its folder's name,
// which differs between checkouts.
let drawbridge = "drawbridge"

/// One harness: an executable target `fuzz-<name>` in `Sources/fuzz-<name>`.
func harness(_ name: String, _ products: [String], _ targets: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzSupport"] + targets + products.map { .product(name: $0, package: drawbridge) })
}

let package = Package(
    name: "drawbridge-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: drawbridge, path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: ["DrawbridgeAPI", "DrawbridgeCore"].map { .product(name: $0, package: drawbridge) }),
        harness("access-request", ["DrawbridgeAPI", "DrawbridgeCore", "DrawbridgeControllers"]),
        harness("access-policy", ["DrawbridgeAPI", "DrawbridgeCore"]),
        harness("manifest", ["DrawbridgeAPI", "DrawbridgeCore"]),
        // Both admission harnesses answer reviews with the same policies and signing key.
        .target(
            name: "AdmissionFuzzing",
            dependencies: ["FuzzSupport"]
                + ["DrawbridgeAPI", "DrawbridgeCore", "DrawbridgeControllers", "APIServerEmulator"].map {
                    .product(name: $0, package: drawbridge)
                }),
        harness("admission-mutating", ["DrawbridgeControllers"], ["AdmissionFuzzing"]),
        harness("admission-validating", ["DrawbridgeControllers"], ["AdmissionFuzzing"]),
        harness("go-duration", ["DrawbridgeCore"]),
        harness("label-selector", ["DrawbridgeAPI", "APIServerEmulator"]),
        harness("field-selector", ["APIServerEmulator"]),
        harness("json-patch", ["DrawbridgeAPI", "APIServerEmulator"]),
        harness("strategic-merge-patch", ["DrawbridgeAPI", "APIServerEmulator"]),
        harness("emulator-request", ["DrawbridgeAPI", "APIServerEmulator"]),
        harness("kubeconfig", ["KubeClient"]),
        harness("watch-stream", ["DrawbridgeAPI", "KubeClient"]),
    ],
    swiftLanguageModes: [.v6]
)
