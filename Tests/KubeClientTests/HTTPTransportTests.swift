import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import KubeClient
import Testing

@Suite struct HTTPTransportTests {
    @Test func createGetListAndWatchAnAccessPolicyOverHTTPSTrustingTheEmulatorsCA() async throws {
        try await withServedEmulator { _, emulator in
            try await using(try emulator.transport(as: "admin")) { transport in
                let client = KubeClient(transport: transport)
                let listed = try await client.list(AccessPolicy.self)
                #expect(listed.items.isEmpty)
                let stream = try await client.watch(AccessPolicy.self, resourceVersion: listed.resourceVersion)
                let created = try await client.create(AccessPolicy.fixture(name: "p1"))
                #expect(created.metadata.uid != nil)
                #expect(try await client.get(AccessPolicy.self, name: "p1").metadata.name == "p1")
                #expect(try await client.list(AccessPolicy.self).items.map(\.metadata.name) == ["p1"])
                var iterator = stream.makeAsyncIterator()
                let event = try await iterator.next()
                guard case .added(let added) = event else {
                    Issue.record("expected ADDED, got \(String(describing: event))")
                    return
                }
                #expect(added.metadata.name == "p1")
            }
        }
    }

    @Test func aMissingObjectIsANotFoundAPIErrorWithTheServersMessage() async throws {
        try await withServedEmulator { _, emulator in
            try await using(try emulator.transport(as: "admin")) { transport in
                do {
                    _ = try await KubeClient(transport: transport).get(AccessPolicy.self, name: "nope")
                    Issue.record("expected a 404")
                } catch let error as APIError {
                    #expect(error.isNotFound)
                    #expect(error.reason == "NotFound")
                    #expect(error.message == "accesspolicies.drawbridge.dev \"nope\" not found")
                }
            }
        }
    }

    @Test func aRotatedTokenFileIsPickedUpByRetryingOnceAfterA401() async throws {
        let folder = try TemporaryFolder()
        let tokenFile = try folder.write("token", "stale-token\n")
        try await withServedEmulator { _, emulator in
            let transport = try HTTPTransport(
                server: emulator.url, tls: emulator.trustingTLS, token: BearerTokenSource(tokenFile: tokenFile))
            try await using(transport) { transport in
                let client = KubeClient(transport: transport)
                do {
                    _ = try await client.list(AccessPolicy.self)
                    Issue.record("a token the server does not know must be refused")
                } catch let error as APIError {
                    #expect(error.code == 401)
                }
                // Kubelet rotates the token; the transport still holds the stale one (read < 60 s ago),
                // is refused, re-reads the file and retries with the new token.
                try folder.write("token", "admin-harness\n")
                #expect(try await client.list(AccessPolicy.self).items.isEmpty)
            }
        }
    }

    @Test func aWatchRefusedWithAStaleTokenIsRetriedOnceWithTheRotatedOne() async throws {
        let folder = try TemporaryFolder()
        let tokenFile = try folder.write("token", "stale-token")
        try await withServedEmulator { _, emulator in
            let transport = try HTTPTransport(
                server: emulator.url, tls: emulator.trustingTLS, token: BearerTokenSource(tokenFile: tokenFile))
            try await using(transport) { transport in
                let client = KubeClient(transport: transport)
                await #expect(throws: APIError.self) { try await client.watch(AccessPolicy.self, resourceVersion: "0") }
                try folder.write("token", "admin-harness")
                let stream = try await client.watch(AccessPolicy.self, resourceVersion: "0")
                _ = try await client.create(AccessPolicy.fixture(name: "after-rotation"))
                var iterator = stream.makeAsyncIterator()
                guard case .added(let added) = try await iterator.next() else {
                    Issue.record("expected ADDED")
                    return
                }
                #expect(added.metadata.name == "after-rotation")
            }
        }
    }

    @Test func aServerSignedByAnotherCAFailsWithATLSError() async throws {
        try await withServedEmulator { _, emulator in
            let otherCA = try EmulatorCertificates.generate().caPEM
            let transport = try HTTPTransport(
                server: emulator.url, tls: ClientTLS(certificateAuthorityPEM: Array(otherCA.utf8)),
                token: BearerTokenSource(token: "admin-harness"))
            try await using(transport) { transport in
                do {
                    _ = try await KubeClient(transport: transport).list(AccessPolicy.self)
                    Issue.record("an untrusted server certificate must fail the call")
                } catch let error as HTTPTransportError {
                    #expect(error.code == .tls)
                    #expect(
                        error.description
                            == "GET \(emulator.url)/apis/drawbridge.dev/v1alpha1/accesspolicies: tls: failed to verify certificate: x509: certificate signed by unknown authority or expired (check certificate-authority(-data) or ca.crt)"
                    )
                }
            }
        }
    }

    @Test func aKubeconfigWrittenForTheEmulatorLoadsIntoAWorkingTransport() async throws {
        let folder = try TemporaryFolder()
        try await withServedEmulator { _, emulator in
            let path = "\(folder.path)/kubeconfig"
            try emulator.kubeconfig(
                users: [.init(name: "admin", token: "admin-harness"), .init(name: "alice", token: "alice-harness")],
                currentContext: "alice"
            ).write(to: path)
            let configuration = try ClientConfiguration.load(kubeconfigPath: path, context: "admin", environment: [:])
            try await using(try configuration.makeTransport()) { transport in
                _ = try await KubeClient(transport: transport).create(AccessPolicy.fixture(name: "from-kubeconfig"))
            }
        }
    }

    @Test func theInClusterConfigurationReachesTheServerWithTheMountedTokenAndCA() async throws {
        let folder = try TemporaryFolder()
        try await withServedEmulator { _, emulator in
            try folder.write("token", "admin-harness")
            try folder.write("ca.crt", emulator.certificates?.caPEM ?? "")
            try folder.write("namespace", "demo")
            let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(emulator.port)"]
            let configuration = try ClientConfiguration.inCluster(environment: environment, directory: folder.path)
            try await using(try configuration.makeTransport()) { transport in
                let listed = try await KubeClient(transport: transport).list(AccessPolicy.self)
                #expect(listed.items.isEmpty)
            }
        }
    }

    @Test func plainHTTPWorksWhenTheServerURLSaysSo() async throws {
        try await withServedEmulator(tls: false) { _, emulator in
            #expect(emulator.url.hasPrefix("http://"))
            try await using(try emulator.transport(as: "admin")) { transport in
                let listed = try await KubeClient(transport: transport).list(AccessPolicy.self)
                #expect(listed.items.isEmpty)
            }
        }
    }

    @Test func aRefusedConnectionIsAConnectionErrorNamingTheAddress() async throws {
        let transport = try HTTPTransport(server: "http://127.0.0.1:1")
        try await using(transport) { transport in
            do {
                _ = try await transport.send(KubeRequest(method: "GET", path: "/version"))
                Issue.record("nothing listens on port 1")
            } catch let error as HTTPTransportError {
                #expect(error.code == .connection)
                #expect(
                    error.description
                        == "GET http://127.0.0.1:1/version: connection to 127.0.0.1:1 failed: connection refused")
            }
        }
    }

    @Test func anAnswerLargerThanTheLimitIsAnErrorNotUnboundedMemory() async throws {
        try await withServedEmulator { _, emulator in
            let transport = try HTTPTransport(
                server: emulator.url, tls: emulator.trustingTLS, token: BearerTokenSource(token: "admin-harness"),
                options: HTTPTransport.Options(maximumResponseBytes: 16))
            try await using(transport) { transport in
                do {
                    _ = try await transport.send(KubeRequest(method: "GET", path: "/api/v1/namespaces"))
                    Issue.record("a namespace list is longer than 16 bytes")
                } catch let error as HTTPTransportError {
                    #expect(error.code == .responseTooLarge)
                }
            }
        }
    }

    @Test func aServerThatIsNotAURLIsRefusedAtConstruction() {
        #expect(
            throws: ClientConfigurationError(
                .invalidValue, "server \"10.0.0.1:6443\" is not an https:// or http:// URL")
        ) {
            try HTTPTransport(server: "10.0.0.1:6443")
        }
    }
}
