import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Testing

/// Signatures are what let the controller ignore identities that did not pass through its webhook:
/// every field a forger could profit from changing must break them, and nothing else may verify.
@Suite("Identity signatures")
struct IdentitySignerTests {
    static let signer = EmulatorHarness.signer
    static func otherKey() throws -> IdentitySigner { try IdentitySigner(key: Array(repeating: 0x17, count: 32)) }

    static func signedRequest() -> AccessRequest {
        var request = AccessRequest.fixture()
        let identity = UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"])
        request.spec.requester = signer.signed(
            requester: identity, namespace: request.metadata.namespace ?? "", name: request.metadata.name ?? "",
            spec: request.spec)
        return request
    }

    @Test("A stamped requester verifies under the same key and not under another")
    func requesterRoundTrip() throws {
        let request = Self.signedRequest()
        #expect(request.spec.requester?.signature?.hasPrefix("hmac-sha256:") == true)
        #expect(Self.signer.verifiesRequester(of: request))
        #expect(try !Self.otherKey().verifiesRequester(of: request))
    }

    @Test(
        "Changing any signed requester field breaks the signature",
        arguments: [
            "username", "uid", "groups", "namespace", "name", "role kind", "role name", "duration", "reason",
            "signature missing",
            "signature garbage",
        ])
    func requesterTampered(field: String) {
        var request = Self.signedRequest()
        switch field {
        case "username": request.spec.requester?.username = "mallory"
        case "uid": request.spec.requester?.uid = "uid-mallory"
        case "groups": request.spec.requester?.groups = ["developers", "sre"]
        case "namespace": request.metadata.namespace = "prod"
        case "name": request.metadata.name = "alice-edit-copy"
        case "role kind": request.spec.role.kind = "Role"
        case "role name": request.spec.role.name = "admin"
        case "duration": request.spec.duration = "8h"
        case "reason": request.spec.reason = "INC-9999"
        case "signature missing": request.spec.requester?.signature = nil
        default: request.spec.requester?.signature = "hmac-sha256:not base64!"
        }
        #expect(!Self.signer.verifiesRequester(of: request))
    }

    @Test("A request without any requester does not verify")
    func noRequester() {
        var request = AccessRequest.fixture()
        request.spec.requester = nil
        #expect(!Self.signer.verifiesRequester(of: request))
    }

    static let record = ApprovalRecord(
        user: "bob", groups: ["sre"], decision: .approve, comment: "ok", time: KubeTime(Fixtures.t0))

    @Test("A recorded approval verifies only on the request it was recorded on, under the same key")
    func approvalRoundTrip() throws {
        let signed = Self.signer.signed(approval: Self.record, requestUID: "uid-1")
        #expect(Self.signer.verifies(approval: signed, requestUID: "uid-1"))
        #expect(!Self.signer.verifies(approval: signed, requestUID: "uid-2"))
        #expect(try !Self.otherKey().verifies(approval: signed, requestUID: "uid-1"))
        #expect(!Self.signer.verifies(approval: Self.record, requestUID: "uid-1"))
    }

    @Test(
        "Changing any signed approval field breaks the signature",
        arguments: ["user", "groups", "decision", "comment", "time"])
    func approvalTampered(field: String) {
        var signed = Self.signer.signed(approval: Self.record, requestUID: "uid-1")
        switch field {
        case "user": signed.user = "carol"
        case "groups": signed.groups = ["sre", "security"]
        case "decision": signed.decision = .deny
        case "comment": signed.comment = "ok, and more"
        default: signed.time = KubeTime(Fixtures.at(1))
        }
        #expect(!Self.signer.verifies(approval: signed, requestUID: "uid-1"))
    }

    @Test("Field boundaries are part of what is signed: moving text between fields breaks it")
    func boundaries() {
        let a = ApprovalRecord(
            user: "bob", groups: ["sre"], decision: .approve, comment: "x", time: KubeTime(Fixtures.t0))
        let b = ApprovalRecord(
            user: "bo", groups: ["sre"], decision: .approve, comment: "x", time: KubeTime(Fixtures.t0))
        let signedA = Self.signer.signed(approval: a, requestUID: "uid-1")
        let signedB = Self.signer.signed(approval: b, requestUID: "buid-1")
        #expect(signedA.signature != signedB.signature)
    }

    @Test("A key shorter than 32 bytes is refused with the reason")
    func shortKey() {
        #expect(throws: IdentitySignerError.self) { try IdentitySigner(key: [1, 2, 3]) }
        do {
            _ = try IdentitySigner(key: [1, 2, 3])
        } catch {
            #expect("\(error)" == "the signing key has 3 bytes; at least 32 are needed")
        }
        #expect(IdentitySigner.generateKey().count == 32)
        #expect(IdentitySigner.generateKey() != IdentitySigner.generateKey())
    }
}
