import DrawbridgeAPI
import DrawbridgeControllers
import Testing

/// One row: a request to admission and the exact answer expected.
struct AdmissionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: AdmissionRequest
    var allowed = true
    var patch: [JSONValue] = []
    var warnings: [String]?
    var status: AdmissionResponse.Status?
    var testDescription: String { name }

    static func denied(_ name: String, _ request: AdmissionRequest, code: Int, reason: String, _ message: String)
        -> AdmissionCase
    {
        AdmissionCase(
            name: name, request: request, allowed: false, status: .init(code: code, message: message, reason: reason))
    }
}

/// The admission rules as a table (docs/security.md).
@Suite("AccessRequest admission rules")
struct AccessRequestAdmissionTests {
    typealias F = AdmissionFixtures

    static let aliceIdentity: JSONValue = ["username": "alice", "uid": "uid-alice", "groups": ["developers"]]
    static let stampAlice: JSONValue = ["op": "add", "path": "/spec/requester", "value": aliceIdentity]
    static let bobsRecord: JSONValue = [
        "user": "bob", "groups": ["sre"], "decision": "Approve", "comment": "ok", "time": .string(F.nowText),
    ]

    /// The controller's finalizer, added at create so the controller never spends a write on it.
    static let addFinalizer: JSONValue = [
        "op": "add", "path": "/metadata/finalizers", "value": ["drawbridge.dev/revoke-grant"],
    ]

    static func withFinalizers(_ finalizers: [String]) -> JSONValue {
        var object = F.accessRequest(requester: nil)
        object[path: ["metadata", "finalizers"]] = .array(finalizers.map(JSONValue.string))
        return object
    }

    static let createCases: [AdmissionCase] = [
        AdmissionCase(
            name: "A create stamps the caller as requester, overwriting a forged one",
            request: F.request(
                .create, by: "alice", object: F.accessRequest(requester: ["username": "mallory", "groups": ["sre"]])),
            patch: [stampAlice, addFinalizer],
            warnings: [
                "spec.requester is set by the server from the caller's identity; the value sent was replaced with alice"
            ]),
        AdmissionCase(
            name: "A create without a requester gets the caller as requester",
            request: F.request(.create, by: "alice", object: F.accessRequest(requester: nil)),
            patch: [stampAlice, addFinalizer]),
        AdmissionCase(
            name: "A create drops any status the client sent",
            request: F.request(
                .create, by: "alice", object: F.accessRequest(requester: nil, status: ["phase": "Active"])),
            patch: [stampAlice, ["op": "remove", "path": "/status"], addFinalizer]),
        AdmissionCase(
            name: "A create that carries other finalizers gets the controller's appended",
            request: F.request(.create, by: "alice", object: withFinalizers(["example.com/keep"])),
            patch: [
                stampAlice, ["op": "add", "path": "/metadata/finalizers/-", "value": "drawbridge.dev/revoke-grant"],
            ]
        ),
        AdmissionCase(
            name: "A create that already carries the controller's finalizer is not given a second",
            request: F.request(.create, by: "alice", object: withFinalizers(["drawbridge.dev/revoke-grant"])),
            patch: [stampAlice]),
        .denied(
            "A create by a caller without a username is refused",
            F.request(.create, by: "", object: F.accessRequest()), code: 400, reason: "BadRequest",
            "the admission request has no userInfo.username"),
        .denied(
            "A create without a spec is refused",
            F.request(.create, by: "alice", object: ["metadata": ["name": "x"]]), code: 400, reason: "BadRequest",
            "spec is required and must be an object"),
    ]

    static let statusCases: [AdmissionCase] = [
        AdmissionCase(
            name: "The controller's status update passes untouched",
            request: F.request(
                .update, subResource: "status", by: "controller",
                object: F.accessRequest(status: ["phase": "Active", "roleBinding": "drawbridge-alice-edit"]),
                old: F.accessRequest(status: F.pendingStatus))),
        AdmissionCase(
            name: "A reviewer's Approve becomes one record with user, groups and time, and the review is removed",
            request: F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(
                    status: F.edited(F.pendingStatus) { $0["review"] = ["decision": "Approve", "comment": "ok"] }),
                old: F.accessRequest(status: F.pendingStatus)),
            patch: [
                [
                    "op": "add", "path": "/status",
                    "value": [
                        "phase": "Pending", "policy": "developers-edit", "approvals": [F.carolsApproval, bobsRecord],
                    ],
                ]
            ]),
        AdmissionCase(
            name: "The first review of a request without status starts the approvals list",
            request: F.request(
                .update, subResource: "status", by: "carol",
                object: F.accessRequest(status: ["review": ["decision": "Deny"]]), old: F.accessRequest()),
            patch: [
                [
                    "op": "add", "path": "/status",
                    "value": [
                        "approvals": [
                            ["user": "carol", "groups": ["sre"], "decision": "Deny", "time": .string(F.nowText)]
                        ]
                    ],
                ]
            ]),
        .denied(
            "A reviewer may not change the phase, even along with a review",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(
                    status: F.edited(F.pendingStatus) {
                        $0["phase"] = "Active"
                        $0["review"] = ["decision": "Approve"]
                    }),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 403, reason: "Forbidden", AccessRequestAdmission.reviewOnlyMessage),
        .denied(
            "A reviewer may not append an approval record directly",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(
                    status: F.edited(F.pendingStatus) {
                        $0["approvals"] = [
                            F.carolsApproval, ["user": "dave", "decision": "Approve", "time": .string(F.nowText)],
                        ]
                    }),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 403, reason: "Forbidden",
            "only status.review may be written by reviewers; the controller owns the rest of status"),
        .denied(
            "A reviewer may not erase recorded approvals",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(status: [
                    "phase": "Pending", "policy": "developers-edit", "review": ["decision": "Approve"],
                ]),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 403, reason: "Forbidden", AccessRequestAdmission.reviewOnlyMessage),
        .denied(
            "A reviewer's status write without a review is refused",
            F.request(
                .update, subResource: "status", by: "bob", object: F.accessRequest(status: F.pendingStatus),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 400, reason: "BadRequest",
            #"status.review is required: reviewers write {"decision": "Approve", "Deny", "Revoke" or "Extend", "comment": "..."} (Extend with "duration")"#
        ),
        .denied(
            "An unknown decision is refused, naming the valid ones",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(status: F.edited(F.pendingStatus) { $0["review"] = ["decision": "Maybe"] }),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 400, reason: "BadRequest",
            #"status.review.decision "Maybe" is not valid: use Approve, Deny, Revoke, Extend, Ratify or Reject"#),
        .denied(
            "A review without a decision is refused",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(status: F.edited(F.pendingStatus) { $0["review"] = ["comment": "lgtm"] }),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 400, reason: "BadRequest",
            "status.review.decision is required: one of Approve, Deny, Revoke, Extend, Ratify or Reject"),
        .denied(
            "A review whose comment is not text is refused",
            F.request(
                .update, subResource: "status", by: "bob",
                object: F.accessRequest(
                    status: F.edited(F.pendingStatus) { $0["review"] = ["decision": "Approve", "comment": 5] }),
                old: F.accessRequest(status: F.pendingStatus)),
            code: 400, reason: "BadRequest", "status.review.comment must be a string"),
    ]

    static let otherCases: [AdmissionCase] = [
        .denied(
            "Changing spec.requester on the main resource is refused",
            F.request(
                .update, by: "alice", object: F.accessRequest(requester: ["username": "bob"]), old: F.accessRequest()),
            code: 403, reason: "Forbidden",
            "spec.requester is set by the server from the caller's identity and cannot be changed"),
        .denied(
            "Removing spec.requester on the main resource is refused",
            F.request(.update, by: "alice", object: F.accessRequest(requester: nil), old: F.accessRequest()),
            code: 403, reason: "Forbidden", AccessRequestAdmission.requesterImmutableMessage),
        AdmissionCase(
            name: "The controller may change spec.requester",
            request: F.request(
                .update, by: "controller", object: F.accessRequest(requester: ["username": "bob"]),
                old: F.accessRequest())),
        AdmissionCase(
            name: "A main-resource update that keeps the requester passes untouched",
            request: F.request(
                .update, by: "alice",
                object: F.edited(F.accessRequest()) { $0[path: ["metadata", "labels"]] = ["team": "payments"] },
                old: F.accessRequest())),
        AdmissionCase(
            name: "A delete passes untouched",
            request: F.request(.delete, by: "alice", object: nil, old: F.accessRequest())),
        AdmissionCase(
            name: "Writes to other resources pass untouched",
            request: F.request(
                .create, by: "alice", object: ["metadata": ["name": "x"]],
                resource: .init(group: "", version: "v1", resource: "configmaps"))),
    ]

    @Test("Creates", arguments: createCases)
    func creates(_ row: AdmissionCase) { Self.check(row) }

    @Test("Status writes", arguments: statusCases)
    func statusWrites(_ row: AdmissionCase) { Self.check(row) }

    @Test("Main-resource updates, deletes and other resources", arguments: otherCases)
    func others(_ row: AdmissionCase) { Self.check(row) }

    static func check(_ row: AdmissionCase) {
        let response = F.admission.review(row.request, now: F.now)
        #expect(response.uid == "review-uid")
        #expect(response.allowed == row.allowed)
        #expect(response.status == row.status)
        #expect(response.patchOperations == row.patch)
        #expect(response.patchType == (row.patch.isEmpty ? nil : "JSONPatch"))
        #expect(response.warnings == row.warnings)
    }
}
