import DrawbridgeAPI
import DrawbridgeControllers
import Testing

/// Whole AdmissionReviews as they arrive on the wire: a malformed one is a 400 denial with the uid
/// echoed when there is one, never a crash.
@Suite("Answering AdmissionReviews")
struct AdmissionReviewAnswerTests {
    typealias F = AdmissionFixtures

    static func review(_ request: JSONValue, apiVersion: JSONValue = "admission.k8s.io/v1") -> JSONValue {
        ["apiVersion": apiVersion, "kind": "AdmissionReview", "request": request]
    }

    static let validRequest: JSONValue = [
        "uid": "u-1", "kind": ["group": "drawbridge.dev", "version": "v1alpha1", "kind": "AccessRequest"],
        "resource": ["group": "drawbridge.dev", "version": "v1alpha1", "resource": "accessrequests"],
        "operation": "CREATE", "userInfo": ["username": "alice", "groups": ["developers"]],
        "object": F.accessRequest(requester: nil), "oldObject": .null, "dryRun": false,
    ]

    @Test("A well-formed review is answered in a v1 envelope that echoes the uid")
    func wellFormed() throws {
        let reply = F.admission.answer(Self.review(Self.validRequest), now: F.now)
        #expect(reply.apiVersion == "admission.k8s.io/v1")
        #expect(reply.kind == "AdmissionReview")
        #expect(reply.request == nil)
        let response = try #require(reply.response)
        #expect(response.uid == "u-1")
        #expect(response.allowed)
        #expect(
            response.patchOperations == [
                ["op": "add", "path": "/spec/requester", "value": ["username": "alice", "groups": ["developers"]]],
                ["op": "add", "path": "/metadata/finalizers", "value": ["drawbridge.dev/revoke-grant"]],
            ])
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var review: JSONValue
        var uid: String
        var message: String
    }

    static let malformed: [Malformed] = [
        Malformed(
            testDescription: "Another AdmissionReview version",
            review: review(validRequest, apiVersion: "admission.k8s.io/v1beta1"), uid: "u-1",
            message: #"expected an admission.k8s.io/v1 AdmissionReview, got apiVersion "admission.k8s.io/v1beta1""#),
        Malformed(
            testDescription: "No request",
            review: ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"], uid: "",
            message: "malformed AdmissionReview: request is missing"),
        Malformed(
            testDescription: "No userInfo",
            review: review(edit(validRequest) { $0["userInfo"] = nil }), uid: "u-1",
            message: "malformed AdmissionReview: request.userInfo is missing"),
        Malformed(
            testDescription: "A uid that is not text",
            review: review(edit(validRequest) { $0["uid"] = 7 }), uid: "",
            message: "malformed AdmissionReview: request.uid is not a valid String"),
        Malformed(
            testDescription: "Not JSON object at all",
            review: "hello", uid: "",
            message: #"expected an admission.k8s.io/v1 AdmissionReview, got apiVersion """#),
    ]

    @Test("A malformed review is denied with a 400 naming what is wrong", arguments: malformed)
    func malformedReview(_ row: Malformed) throws {
        let response = try #require(F.admission.answer(row.review, now: F.now).response)
        #expect(response.uid == row.uid)
        #expect(!response.allowed)
        #expect(response.status == .init(code: 400, message: row.message, reason: "BadRequest"))
    }

    @Test("An unknown operation is denied with a 400 that names the field")
    func unknownOperation() throws {
        let review = Self.review(Self.edit(Self.validRequest) { $0["operation"] = "PATCH" })
        let response = try #require(F.admission.answer(review, now: F.now).response)
        #expect(response.uid == "u-1")
        #expect(response.status?.code == 400)
        #expect(response.status?.message?.hasPrefix("malformed AdmissionReview: request.operation: ") == true)
    }

    static func edit(_ value: JSONValue, _ change: (inout JSONValue) -> Void) -> JSONValue {
        var value = value
        change(&value)
        return value
    }
}
