import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import KubeClient
import Testing

private typealias F = AdmissionFixtures

/// The AccessPolicy validating webhook: an invalid policy is refused at create and update with the
/// controller's own reason; a valid one passes; nothing else about policies is judged.
@Suite("AccessPolicy admission")
struct AccessPolicyAdmissionTests {
    static let gvr = AdmissionRequest.GroupVersionResource(
        group: "drawbridge.dev", version: "v1alpha1", resource: "accesspolicies")

    static func request(
        _ operation: AdmissionRequest.Operation, object: JSONValue?, subResource: String? = nil
    ) -> AdmissionRequest {
        AdmissionRequest(
            uid: "review-uid",
            kind: .init(group: "drawbridge.dev", version: "v1alpha1", kind: "AccessPolicy"), resource: gvr,
            subResource: subResource, name: "strict", operation: operation, userInfo: F.user("admin"),
            object: object)
    }

    static func policy(_ edit: (inout AccessPolicySpec) -> Void = { _ in }) throws -> JSONValue {
        var policy = AccessPolicy.fixture(name: "strict", required: 2)
        edit(&policy.spec)
        return try JSONValue(encoding: policy)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var request: AdmissionRequest
        var webhook: AccessRequestAdmission.Webhook = .validating
        /// nil when allowed; else (code, message).
        var denial: (Int, String)?
        var testDescription: String { label }
    }

    static let rows: [Row] = {
        do {
            return [
                Row(label: "a valid policy is created", request: request(.create, object: try policy())),
                Row(
                    label: "a reason pattern that does not compile is refused at create",
                    request: request(.create, object: try policy { $0.reasonPattern = "([" }),
                    denial: (
                        400,
                        "AccessPolicy \"strict\" is invalid: spec.reasonPattern: invalid regular expression \"([\""
                    )),
                Row(
                    label: "a default longer than the maximum is refused at update",
                    request: request(.update, object: try policy { $0.defaultDuration = "2h" }),
                    denial: (
                        400, "AccessPolicy \"strict\" is invalid: spec.defaultDuration: 2h exceeds spec.maxDuration 1h"
                    )
                ),
                Row(
                    label: "more approvals than listed approvers is refused",
                    request: request(
                        .create,
                        object: try policy {
                            $0.approval.approvers = ApproverSelector(users: ["bob"])
                        }),
                    denial: (
                        400,
                        "AccessPolicy \"strict\" is invalid: spec.approval.required: 2 approvals can never be reached by the 1 listed users"
                    )),
                Row(
                    label: "a forbidden rule that forbids nothing is refused",
                    request: request(
                        .create, object: try policy { $0.forbiddenRules = [PolicyRule(verbs: ["*"], resources: ["*"])] }
                    ),
                    denial: (
                        400,
                        "AccessPolicy \"strict\" is invalid: spec.forbiddenRules[0].apiGroups: must name at least one API group (\"\" is the core group, \"*\" every group); a rule without one forbids nothing"
                    )),
                Row(
                    label: "an object that is not an AccessPolicy is refused",
                    request: request(.create, object: ["metadata": ["name": "strict"], "spec": ["roles": 3]]),
                    denial: (400, "object is not a valid AccessPolicy: spec.requesters is missing")),
                Row(
                    label: "a status write is not judged",
                    request: request(.update, object: try policy { $0.reasonPattern = "([" }, subResource: "status")),
                Row(
                    label: "the mutating webhook does not judge policies",
                    request: request(.create, object: try policy { $0.reasonPattern = "([" }), webhook: .mutating),
            ]
        } catch {
            fatalError("fixtures encode: \(error)")
        }
    }()

    @Test("Invalid AccessPolicies are refused with the reason", arguments: rows)
    func table(_ row: Row) {
        let response = F.admission.review(row.request, now: F.now, as: row.webhook)
        #expect(response.uid == "review-uid")
        if let (code, message) = row.denial {
            #expect(!response.allowed)
            #expect(response.status?.code == code)
            #expect(response.status?.message == message)
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
            #expect(response.patch == nil)
        }
    }

    @Test("Through the emulator, an invalid policy is refused and stores nothing; a valid one is stored")
    func throughEmulator() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        let admin = harness.client("admin")
        var broken = AccessPolicy.fixture(name: "strict", reasonPattern: "([", required: 2)
        broken.metadata.uid = nil
        do {
            _ = try await admin.create(broken)
            Issue.record("an invalid policy was stored")
        } catch let error as APIError {
            #expect(error.code == 400)
            #expect(
                error.message
                    == "admission webhook \"validate.accesspolicies.drawbridge.dev\" denied the request: AccessPolicy \"strict\" is invalid: spec.reasonPattern: invalid regular expression \"([\""
            )
        }
        #expect(try await admin.getIfPresent(AccessPolicy.self, name: "strict") == nil)
        broken.spec.reasonPattern = "INC-[0-9]+"
        let created = try await admin.create(broken)
        created.spec.reasonPattern.map { #expect($0 == "INC-[0-9]+") }
        var edited = created
        edited.spec.maxDuration = "10m"
        do {
            _ = try await admin.update(edited)
            Issue.record("an invalid update was stored")
        } catch let error as APIError {
            #expect(
                error.message.hasSuffix(
                    "AccessPolicy \"strict\" is invalid: spec.defaultDuration: 30m exceeds spec.maxDuration 10m"),
                "\(error.message)")
        }
        #expect(try await admin.get(AccessPolicy.self, name: "strict").spec.maxDuration == "1h")
    }
}
