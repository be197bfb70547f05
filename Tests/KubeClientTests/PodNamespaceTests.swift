import Foundation
import KubeClient
import Testing

/// Where `drawbridge controller` learns its namespace: the downward API variable first, then the
/// ServiceAccount's namespace file in a pod, else nothing (the caller's default).
@Suite struct PodNamespaceTests {
    static let inPod = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    /// A ServiceAccount folder whose `namespace` file holds `text` (none when nil).
    static func folder(namespace text: String?) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let text { try Data(text.utf8).write(to: url.appendingPathComponent("namespace")) }
        return url.path
    }

    @Test func podNamespaceWinsOverTheServiceAccountFile() throws {
        let directory = try Self.folder(namespace: "from-file")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let found = PodNamespace.detect(
            environment: Self.inPod.merging(["POD_NAMESPACE": "team-access"]) { $1 },
            serviceAccountDirectory: directory)
        #expect(found?.namespace == "team-access")
        #expect(found?.source == .environment)
    }

    @Test func inAPodWithoutTheVariableTheServiceAccountFileIsRead() throws {
        let directory = try Self.folder(namespace: "team-access\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let found = PodNamespace.detect(environment: Self.inPod, serviceAccountDirectory: directory + "/")
        #expect(found?.namespace == "team-access")
        #expect(found?.source == .serviceAccount)
        #expect(found?.source.rawValue == "the ServiceAccount's namespace file")
    }

    @Test func outsideAPodTheFileIsNotConsulted() throws {
        let directory = try Self.folder(namespace: "team-access")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(PodNamespace.detect(environment: [:], serviceAccountDirectory: directory) == nil)
    }

    @Test func anEmptyOrMissingFileAndABlankVariableFindNothing() throws {
        let empty = try Self.folder(namespace: " \n")
        let missing = try Self.folder(namespace: nil)
        defer {
            try? FileManager.default.removeItem(atPath: empty)
            try? FileManager.default.removeItem(atPath: missing)
        }
        let blank = Self.inPod.merging(["POD_NAMESPACE": "  "]) { $1 }
        #expect(PodNamespace.detect(environment: blank, serviceAccountDirectory: empty) == nil)
        #expect(PodNamespace.detect(environment: Self.inPod, serviceAccountDirectory: missing) == nil)
    }
}
