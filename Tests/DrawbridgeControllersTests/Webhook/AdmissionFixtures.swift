import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation

/// Builders for admission requests about AccessRequests, so each table row reads as "who does what".
enum AdmissionFixtures {
    static let controller = EmulatorHarness.controllerUsername
    static let admission = AccessRequestAdmission(controllerUsername: controller)
    /// Every stamped time in these tests: 2027-01-15T08:00:00Z.
    static let now = Fixtures.t0
    static let nowText = "2027-01-15T08:00:00Z"

    static let accessRequestsGVR = AdmissionRequest.GroupVersionResource(
        group: "drawbridge.dev", version: "v1alpha1", resource: "accessrequests")
    static let accessRequestGVK = AdmissionRequest.GroupVersionKind(
        group: "drawbridge.dev", version: "v1alpha1", kind: "AccessRequest")

    /// The demo users' identities, as the harness authenticates them.
    static func user(_ name: String) -> AdmissionRequest.UserInfo {
        switch name {
        case "alice": .init(username: "alice", uid: "uid-alice", groups: ["developers"])
        case "bob": .init(username: "bob", uid: "uid-bob", groups: ["sre"])
        case "carol": .init(username: "carol", uid: "uid-carol", groups: ["sre"])
        case "controller": .init(username: controller, uid: "uid-controller", groups: ["system:serviceaccounts"])
        default: .init(username: name)
        }
    }

    /// An AccessRequest object as the API server would show it to admission.
    static func accessRequest(requester: JSONValue? = ["username": "alice"], status: JSONValue? = nil) -> JSONValue {
        var spec: JSONValue = ["role": ["kind": "ClusterRole", "name": "edit"], "duration": "30m", "reason": "INC-1"]
        if let requester { spec["requester"] = requester }
        var object: JSONValue = [
            "apiVersion": "drawbridge.dev/v1alpha1", "kind": "AccessRequest",
            "metadata": ["name": "alice-edit", "namespace": "demo", "uid": "uid-alice-edit"], "spec": spec,
        ]
        if let status { object["status"] = status }
        return object
    }

    /// A recorded approval as it appears in stored status.
    static let carolsApproval: JSONValue = [
        "user": "carol", "groups": ["sre"], "decision": "Approve", "time": "2027-01-15T07:59:00Z",
    ]

    /// The stored status most reviews start from: pending, with carol's approval already in.
    static let pendingStatus: JSONValue = [
        "phase": "Pending", "policy": "developers-edit", "approvals": [carolsApproval],
    ]

    /// `base` with `change` applied (e.g. a status as a reviewer's merge patch leaves it).
    static func edited(_ base: JSONValue, _ change: (inout JSONValue) -> Void) -> JSONValue {
        var status = base
        change(&status)
        return status
    }

    static func request(
        _ operation: AdmissionRequest.Operation, subResource: String? = nil, by user: String,
        object: JSONValue?, old: JSONValue? = nil, resource: AdmissionRequest.GroupVersionResource = accessRequestsGVR
    ) -> AdmissionRequest {
        AdmissionRequest(
            uid: "review-uid", kind: accessRequestGVK, resource: resource, subResource: subResource, name: "alice-edit",
            namespace: "demo", operation: operation, userInfo: Self.user(user), object: object, oldObject: old)
    }
}
