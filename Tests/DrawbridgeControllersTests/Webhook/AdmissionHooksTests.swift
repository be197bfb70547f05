import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import Synchronization
import Testing

/// The extension points later work plugs into: a stamp that signs identities, and create checks.
@Suite("Admission stamp and create checks")
struct AdmissionHooksTests {
    typealias F = AdmissionFixtures

    /// Signs with the object's name so a test can see the closure got the request.
    static let signing = AdmissionStamp(
        requester: { identity, request in
            var identity = identity
            identity.signature = "sig(\(identity.username)@\(request.name ?? ""))"
            return identity
        },
        approval: { record, request in
            var record = record
            record.signature = "sig(\(record.user)@\(request.name ?? ""))"
            return record
        })

    @Test("A stamp signs the stamped requester")
    func stampSignsRequester() {
        let admission = AccessRequestAdmission(controllerUsername: F.controller, stamp: Self.signing)
        let response = admission.review(
            F.request(.create, by: "alice", object: F.accessRequest(requester: nil)), now: F.now)
        #expect(
            response.patchOperations == [
                [
                    "op": "add", "path": "/spec/requester",
                    "value": [
                        "username": "alice", "uid": "uid-alice", "groups": ["developers"],
                        "signature": "sig(alice@alice-edit)",
                    ],
                ]
            ])
    }

    @Test("A stamp signs each recorded approval")
    func stampSignsApprovals() {
        let admission = AccessRequestAdmission(controllerUsername: F.controller, stamp: Self.signing)
        let request = F.request(
            .update, subResource: "status", by: "bob",
            object: F.accessRequest(status: ["review": ["decision": "Revoke"]]), old: F.accessRequest())
        let record: JSONValue = [
            "user": "bob", "groups": ["sre"], "decision": "Revoke", "time": .string(F.nowText),
            "signature": "sig(bob@alice-edit)",
        ]
        #expect(
            admission.review(request, now: F.now).patchOperations == [
                ["op": "add", "path": "/status", "value": ["approvals": [record]]]
            ])
    }

    @Test("Create checks see the stamped object and the first denial refuses the create")
    func createChecks() {
        let seen = SeenRequesters()
        let admission = AccessRequestAdmission(
            controllerUsername: F.controller,
            createChecks: [
                { object, _, _ in
                    seen.record(object[path: ["spec", "requester", "username"]]?.stringValue)
                    return nil
                },
                { _, _, now in .forbidden("no AccessPolicy allows this request at \(KubeTime(now))") },
                { _, _, _ in .badRequest("never reached") },
            ])
        let response = admission.review(
            F.request(.create, by: "alice", object: F.accessRequest(requester: ["username": "mallory"])), now: F.now)
        #expect(seen.values == ["alice"])
        #expect(!response.allowed)
        #expect(
            response.status
                == .init(code: 403, message: "no AccessPolicy allows this request at \(F.nowText)", reason: "Forbidden")
        )
        #expect(response.patch == nil)
    }
}

/// What a create check saw, collected across the check's `@Sendable` boundary.
final class SeenRequesters: Sendable {
    private let storage = Mutex<[String?]>([])
    func record(_ value: String?) { storage.withLock { $0.append(value) } }
    var values: [String?] { storage.withLock { $0 } }
}
