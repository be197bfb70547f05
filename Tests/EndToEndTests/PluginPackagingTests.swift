import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// How `kubectl drawbridge` ships: the release script builds it as it builds drawbridge, and the
/// krew manifest template names what that script fills in.
@Suite("kubectl-drawbridge packaging")
struct PluginPackagingTests {
    @Test("scripts/release-build builds kubectl-drawbridge statically, checks ldd, and fills the krew manifest")
    func releaseScript() throws {
        let script = try PackageRoot.text("scripts/release-build")
        #expect(script.contains("swift build -c release --static-swift-stdlib --product kubectl-drawbridge"))
        #expect(script.contains("kubectl-drawbridge links Swift runtime libraries dynamically"))
        #expect(script.contains("dist/krew/drawbridge.yaml"))
    }

    @Test("The krew manifest template installs kubectl-drawbridge for linux amd64 and arm64, with placeholders to fill")
    func krewManifest() throws {
        let text = try PackageRoot.text("dist/krew/drawbridge.yaml")
        let manifest = try #require(try YAMLJSON.documents(in: text).first)
        #expect(manifest["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2")
        #expect(manifest["kind"] == "Plugin")
        #expect(manifest["metadata"]?["name"] == "drawbridge", "installed as kubectl drawbridge")
        #expect(manifest["spec"]?["version"] == "v${VERSION}")
        let platforms = try #require(manifest["spec"]?["platforms"]?.arrayValue)
        #expect(
            platforms.compactMap { $0["selector"]?["matchLabels"]?["arch"]?.stringValue } == ["amd64", "arm64"])
        for platform in platforms {
            let arch = platform["selector"]?["matchLabels"]?["arch"]?.stringValue ?? ""
            #expect(platform["bin"] == "kubectl-drawbridge")
            #expect(platform["sha256"]?.stringValue == "${SHA256_LINUX_\(arch.uppercased())}")
            #expect(
                platform["uri"]?.stringValue?.hasSuffix("/kubectl-drawbridge_${VERSION}_linux_\(arch).tar.gz") == true)
        }
    }
}
