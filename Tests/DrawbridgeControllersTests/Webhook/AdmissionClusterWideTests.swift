import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

private typealias F = AdmissionFixtures

/// The admission rules for ClusterAccessRequests: the same stamping, signing, policy and deletion
/// rules as for AccessRequests, judged cluster-wide (only `scope: Cluster` policies), with the
/// cluster-scoped resource in the questions and messages.
@Suite("Admission: ClusterAccessRequests")
struct AdmissionClusterWideTests {
    static let gvr = AdmissionRequest.GroupVersionResource(
        group: "drawbridge.dev", version: "v1alpha1", resource: "clusteraccessrequests")
    static let gvk = AdmissionRequest.GroupVersionKind(
        group: "drawbridge.dev", version: "v1alpha1", kind: "ClusterAccessRequest")
    static let clusterPolicy = AccessPolicy.fixture(name: "cluster-edit").clusterScoped()

    /// A ClusterAccessRequest object as the API server shows it to admission (no namespace).
    static func object(role: String = "ClusterRole", requester: JSONValue? = nil, status: JSONValue? = nil)
        -> JSONValue
    {
        var spec: JSONValue = ["role": ["kind": .string(role), "name": "edit"], "duration": "30m", "reason": "INC-1"]
        if let requester { spec["requester"] = requester }
        var object: JSONValue = [
            "apiVersion": "drawbridge.dev/v1alpha1", "kind": "ClusterAccessRequest",
            "metadata": ["name": "alice-edit", "uid": "uid-alice-edit"], "spec": spec,
        ]
        if let status { object["status"] = status }
        return object
    }

    static func request(
        _ operation: AdmissionRequest.Operation, by user: String, object: JSONValue?, old: JSONValue? = nil
    ) -> AdmissionRequest {
        AdmissionRequest(
            uid: "review-uid", kind: gvk, resource: gvr, name: "alice-edit", namespace: nil, operation: operation,
            userInfo: F.user(user), object: object, oldObject: old)
    }

    /// The object as the mutating webhook leaves it: the requester stamped and signed.
    static func stamped(role: String = "ClusterRole") throws -> JSONValue {
        let admission = AccessRequestAdmission(controllerUsername: F.controller, signer: EmulatorHarness.signer)
        let response = admission.review(
            request(.create, by: "alice", object: object(role: role)), now: F.now, as: .mutating)
        #expect(response.allowed)
        let requester = try #require(response.patchOperations.first { $0["path"] == "/spec/requester" }?["value"])
        return object(role: role, requester: requester)
    }

    static func validate(_ object: JSONValue, policies: [AccessPolicy]) -> AdmissionResponse {
        AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: policies), signer: EmulatorHarness.signer
        ).review(request(.create, by: "alice", object: object), now: F.now, as: .validating)
    }

    @Test("The requester is stamped and signed over the cluster-wide request, and the signature verifies")
    func stampedAndSigned() throws {
        let object = try Self.stamped()
        let request = AccessRequest(try object.decode(as: ClusterAccessRequest.self))
        #expect(request.isClusterWide)
        #expect(request.spec.requester?.username == "alice")
        #expect(EmulatorHarness.signer.verifiesRequester(of: request))
        // The same signature does not vouch for a namespaced request of the same name and spec.
        var namespaced = request
        namespaced.metadata.namespace = "demo"
        #expect(!EmulatorHarness.signer.verifiesRequester(of: namespaced))
    }

    @Test("Only a Cluster policy admits it; the verdict comes back as a warning")
    func judgedClusterWide() throws {
        let object = try Self.stamped()
        let allowed = Self.validate(object, policies: [Self.clusterPolicy])
        #expect(allowed.allowed)
        #expect(allowed.warnings?.first?.hasPrefix("governed by cluster-edit: ClusterRole/edit for 30m") == true)
        let refused = Self.validate(object, policies: [.fixture(namespaces: ["*"])])
        #expect(!refused.allowed)
        #expect(
            refused.status?.message
                == "no AccessPolicy allows User \"alice\" to request ClusterRole/edit cluster-wide")
    }

    @Test("A Role cannot be asked for cluster-wide")
    func roleRefused() throws {
        let refused = Self.validate(try Self.stamped(role: "Role"), policies: [Self.clusterPolicy])
        #expect(!refused.allowed)
        #expect(
            refused.status?.message
                == "spec.role.kind: Unsupported value \"Role\": supported values: \"ClusterRole\" (a ClusterAccessRequest is granted through a ClusterRoleBinding)"
        )
    }

    @Test("Deleting someone else's asks about clusteraccessrequests/force at cluster scope, and says so")
    func forceDelete() {
        let admission = AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: [Self.clusterPolicy]))
        let stored = Self.object(
            requester: ["username": "alice"], status: ["phase": "Active", "policy": "cluster-edit"])
        let delete = Self.request(.delete, by: "frank", object: nil, old: stored)
        #expect(
            admission.forceDeleteQuestion(delete, as: .validating, now: F.now)
                == .init(
                    user: F.user("frank"), namespace: "", name: "alice-edit", resource: "clusteraccessrequests"))
        let refused = admission.review(delete, now: F.now, as: .validating, forceDelete: .denied)
        #expect(
            refused.status?.message
                == "frank may not delete ClusterAccessRequest alice-edit: only its requester (alice), an approver under AccessPolicy \"cluster-edit\" (group sre), or a holder of delete on clusteraccessrequests/force cluster-wide, may delete it"
        )
        #expect(admission.review(delete, now: F.now, as: .validating, forceDelete: .allowed).allowed)
        #expect(
            admission.review(Self.request(.delete, by: "bob", object: nil, old: stored), now: F.now, as: .validating)
                .allowed)
    }
}
