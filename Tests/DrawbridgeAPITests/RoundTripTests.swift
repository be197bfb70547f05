import DrawbridgeAPI
import Foundation
import Testing

/// What a newer API server might send: fields Drawbridge does not model, at every level it writes back.
private let serverJSON = #"""
    {"apiVersion":"drawbridge.dev/v1alpha1","kind":"AccessRequest",
     "metadata":{"name":"a","namespace":"demo","uid":"u1","resourceVersion":"7","generation":1,
       "creationTimestamp":"2026-11-22T18:44:13Z","selfLink":"/x","futureMeta":{"k":[1,2.5,true,null]},
       "managedFields":[{"manager":"kubectl","operation":"Update","fieldsV1":{"f:spec":{}}}]},
     "spec":{"role":{"kind":"ClusterRole","name":"edit"},"duration":"30m","reason":"INC-1",
       "requester":{"username":"alice","groups":["developers"]},"priority":"high"},
     "status":{"phase":"Pending","approvals":[{"user":"bob","decision":"Approve","time":"2026-11-22T18:45:00Z",
       "ticket":"INC-1"}],"futureStatus":42},
     "futureTopLevel":{"nested":{"deep":"value"}}}
    """#

@Suite("API types round-trip")
struct RoundTripTests {
    @Test("Unknown fields from the server survive decode and re-encode at every level")
    func unknownFieldsSurvive() throws {
        let original = try JSONCoding.decoder.decode(JSONValue.self, from: Data(serverJSON.utf8))
        let request = try JSONCoding.decoder.decode(AccessRequest.self, from: Data(serverJSON.utf8))
        #expect(request.unknownFields.values["futureTopLevel"] != nil)
        #expect(request.spec.unknownFields.values["priority"] == .string("high"))
        #expect(request.status?.unknownFields.values["futureStatus"] == .int(42))
        #expect(request.metadata.unknownFields.values["selfLink"] == .string("/x"))
        let reencoded = try JSONValue(encoding: request)
        #expect(reencoded == original)
    }

    @Test("A RoleBinding keeps unknown members when written back")
    func roleBindingRoundTrip() throws {
        let json = #"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b","namespace":"demo"},
             "subjects":[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"ClusterRole","name":"edit","apiGroup":"rbac.authorization.k8s.io"},"extra":1}
            """#
        let binding = try JSONCoding.decoder.decode(RoleBinding.self, from: Data(json.utf8))
        #expect(try JSONValue(encoding: binding) == JSONCoding.decoder.decode(JSONValue.self, from: Data(json.utf8)))
    }

    @Test("Integers stay integers and large int64 values are exact")
    func integersExact() throws {
        let value = try JSONCoding.decoder.decode(JSONValue.self, from: Data(#"{"g":9007199254740993,"d":1.5}"#.utf8))
        #expect(value["g"] == .int(9_007_199_254_740_993))
        #expect(value["d"] == .double(1.5))
    }

    @Test("A decoded object of the wrong kind is refused")
    func wrongKind() {
        let json =
            #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","roleRef":{"kind":"ClusterRole","name":"x"}}"#
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(RoleBinding.self, from: Data(json.utf8)) }
    }

    @Test("Kubernetes times encode to the second and micro-times to six digits")
    func timeFormats() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123456)
        #expect(KubeTime(date).description == "2027-01-15T08:00:00Z")
        #expect(KubeMicroTime(date).description == "2027-01-15T08:00:00.123456Z")
        #expect(KubeTime(rfc3339: "2027-01-15T10:00:00+02:00") == KubeTime(Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(KubeTime(rfc3339: "yesterday") == nil)
        let micro = try JSONCoding.decoder.decode(
            KubeMicroTime.self, from: JSONCoding.encoder.encode(KubeMicroTime(date)))
        #expect(micro == KubeMicroTime(date))
    }

    @Test("Setting a condition keeps lastTransitionTime unless the status changes")
    func conditionTransitions() {
        let t1 = KubeTime(Date(timeIntervalSince1970: 100)), t2 = KubeTime(Date(timeIntervalSince1970: 200))
        var conditions: [Condition] = []
        conditions.set(Condition(type: "Approved", status: .unknown, reason: "A", message: "a", lastTransitionTime: t1))
        conditions.set(Condition(type: "Approved", status: .unknown, reason: "B", message: "b", lastTransitionTime: t2))
        #expect(conditions[type: "Approved"]?.lastTransitionTime == t1)
        #expect(conditions[type: "Approved"]?.reason == "B")
        conditions.set(Condition(type: "Approved", status: .true, reason: "C", message: "c", lastTransitionTime: t2))
        #expect(conditions[type: "Approved"]?.lastTransitionTime == t2)
        #expect(conditions.count == 1)
    }

    @Test(
        "Label selectors follow Kubernetes semantics",
        arguments: [
            (LabelSelector(), ["a": "1"], true),
            (LabelSelector(matchLabels: ["a": "1"]), ["a": "1", "b": "2"], true),
            (LabelSelector(matchLabels: ["a": "1"]), ["a": "2"], false),
            (LabelSelector(matchExpressions: [.init(key: "a", operator: .in, values: ["1", "2"])]), ["a": "2"], true),
            (LabelSelector(matchExpressions: [.init(key: "a", operator: .notIn, values: ["1"])]), [:], true),
            (LabelSelector(matchExpressions: [.init(key: "a", operator: .exists)]), [:], false),
            (LabelSelector(matchExpressions: [.init(key: "a", operator: .doesNotExist)]), ["a": "x"], false),
        ])
    func labelSelectors(_ selector: LabelSelector, _ labels: [String: String], _ expected: Bool) {
        #expect(selector.matches(labels) == expected)
    }

    @Test("ServiceAccount identities are recognised only in the exact system:serviceaccount:NS:NAME form")
    func serviceAccountIdentity() {
        let account = UserIdentity(username: "system:serviceaccount:ci:bot").serviceAccount
        #expect(account?.namespace == "ci" && account?.name == "bot")
        #expect(UserIdentity(username: "system:serviceaccount:ci").serviceAccount == nil)
        #expect(UserIdentity(username: "system:serviceaccount::bot").serviceAccount == nil)
        #expect(UserIdentity(username: "alice").serviceAccount == nil)
    }
}
