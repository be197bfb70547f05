import EmulatorServer
import Foundation
import KubeClient
import Testing

/// The kubeconfig the emulator writes, read back by KubeClient's loader: user names and tokens that
/// YAML would otherwise read as other types, comments, keys or flow syntax come back byte for byte.
@Suite struct EmulatorKubeconfigTests {
    /// Names and tokens chosen to break a kubeconfig written by string concatenation.
    static let awkward: [Kubeconfig.User] = [
        .init(name: "alice", token: "plain-token"),
        .init(name: "true", token: "123"),
        .init(name: "null", token: "0x1F"),
        .init(name: "a: b", token: "tok: en"),
        .init(name: "#hash", token: "# not a comment"),
        .init(name: "- dash", token: "[1, 2]"),
        .init(name: "{braces}", token: "{a: 1}"),
        .init(name: "it's \"quoted\"", token: "'single' and \"double\""),
        .init(name: " spaced ", token: "trailing space "),
        .init(name: "*star", token: "&anchor"),
        .init(name: "üñíçødé", token: "pct%40@!|>"),
        .init(name: "yes", token: "no"),
    ]

    static func written(_ users: [Kubeconfig.User], current: String) throws -> KubeconfigFile {
        let kubeconfig = Kubeconfig(
            server: "https://127.0.0.1:6443", caPEM: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            users: users, currentContext: current)
        return try KubeconfigFile(yaml: try kubeconfig.yaml(), path: "/tmp/kubeconfig")
    }

    @Test("Every awkward user name and token reads back exactly, one context per user")
    func roundTrip() throws {
        let file = try Self.written(Self.awkward, current: "a: b")
        #expect(file.currentContext == "a: b")
        #expect(file.contexts.map(\.name) == Self.awkward.map(\.name))
        #expect(file.users.map(\.name) == Self.awkward.map(\.name))
        for user in Self.awkward {
            let configuration = try file.configuration(context: user.name)
            #expect(configuration.authentication == .bearerToken(user.token), "\(user.name)")
            #expect(configuration.server == "https://127.0.0.1:6443")
            #expect(configuration.namespace == "default")
            #expect(
                configuration.tls.certificateAuthorityPEM
                    == Array("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8))
        }
        #expect(try file.configuration().authentication == .bearerToken("tok: en"), "current-context")
    }

    @Test("Plain HTTP leaves the CA out")
    func plainHTTP() throws {
        let text = try Kubeconfig(
            server: "http://127.0.0.1:8080", caPEM: nil, users: [.init(name: "admin", token: "t")],
            currentContext: "admin"
        ).yaml()
        #expect(!text.contains("certificate-authority"))
        let file = try KubeconfigFile(yaml: text, path: "/tmp/kubeconfig")
        #expect(try file.configuration().server == "http://127.0.0.1:8080")
    }
}
