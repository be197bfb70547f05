import DrawbridgeAPI
import DrawbridgePlugin
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// `ls` for someone who may not list ClusterAccessRequests: the namespace's requests still show; a
/// reviewer's inbox says what it leaves out, a plain listing does not nag.
@Suite("ls without permission to list ClusterAccessRequests")
struct ClusterWideListingTests {
    /// Passes requests on, but answers every ClusterAccessRequest call with 403, as RBAC would.
    struct ForbiddingClusterRequests: KubeTransport {
        let inner: any KubeTransport

        func send(_ request: KubeRequest) async throws -> KubeResponse {
            guard request.path.contains("/clusteraccessrequests") else { return try await inner.send(request) }
            let status: JSONValue = [
                "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Forbidden", "code": 403,
                "message": "clusteraccessrequests.drawbridge.dev is forbidden",
            ]
            return KubeResponse(status: 403, body: Array(try JSONCoding.encoder.encode(status)))
        }

        func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
            try await inner.stream(request)
        }
    }

    @Test func theNamespacesRequestsShowAndOnlyTheInboxNotesWhatItCannotList() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        try await harness.apply(file: "examples/policies/developers-edit-demo.yaml")
        try await harness.apply(file: "examples/policies/sre-cluster-view.yaml")
        let alice = PluginSession(client: harness.client("alice"), namespace: "demo", now: { harness.clock.date })
        let style = OutputStyle(format: .name)
        for clusterWide in [false, true] {
            _ = try await RequestAction(
                role: RoleReference(kind: "ClusterRole", name: clusterWide ? "view" : "edit"), duration: "20m",
                reason: "INC-5: check", name: clusterWide ? "alice-wide" : "alice-edit", namespace: "demo",
                clusterWide: clusterWide
            ).run(alice, style: style)
        }
        let bob = PluginSession(
            client: KubeClient(transport: ForbiddingClusterRequests(inner: harness.client("bob").transport)),
            namespace: "demo", now: { harness.clock.date })
        let plain = try await ListAction(filter: RequestFilter(), allNamespaces: false).run(bob, style: style)
        #expect(plain.stdout == "accessrequest.drawbridge.dev/alice-edit\n", "\(plain)")
        #expect(plain.stderr.isEmpty, "\(plain)")
        let inbox = try await ListAction(filter: RequestFilter(toReview: true), allNamespaces: false)
            .run(bob, style: style)
        #expect(inbox.stdout == "accessrequest.drawbridge.dev/alice-edit\n", "\(inbox)")
        #expect(inbox.stderr.contains("ClusterAccessRequests are not shown: you may not list them"), "\(inbox)")
        // Without the 403, the same inbox holds both.
        let unrestricted = PluginSession(client: harness.client("bob"), namespace: "demo", now: { harness.clock.date })
        let both = try await ListAction(filter: RequestFilter(toReview: true), allNamespaces: false)
            .run(unrestricted, style: style)
        #expect(
            both.stdout == "clusteraccessrequest.drawbridge.dev/alice-wide\naccessrequest.drawbridge.dev/alice-edit\n",
            "\(both)")
    }
}
