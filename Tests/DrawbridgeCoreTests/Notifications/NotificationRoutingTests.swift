import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("notify in an AccessPolicy")
struct NotificationRoutingTests {
    @Test(
        "A malformed notify makes the policy invalid, naming the field",
        arguments: [
            (
                NotificationRoute(channel: "Ops_Team", on: ["Requested"]),
                "spec.notify[0].channel: \"Ops_Team\" is not a NotificationChannel name (lower-case letters, digits, '-' and '.')"
            ),
            (
                NotificationRoute(channel: "", on: ["Requested"]),
                "spec.notify[0].channel: \"\" is not a NotificationChannel name (lower-case letters, digits, '-' and '.')"
            ),
            (NotificationRoute(channel: "ops", on: []), "spec.notify[0].on: must name at least one action"),
            (
                NotificationRoute(channel: "ops", on: ["Requested", "Approve"]),
                "spec.notify[0].on[1]: Unsupported value \"Approve\": supported values: \"Requested\", \"Approved\", \"Denied\", \"Granted\", \"ExpiringSoon\", \"Expired\", \"Revoked\", \"TimedOut\", \"Rejected\", \"BreakGlassGranted\", \"BreakGlassRatified\", \"BreakGlassRejected\", \"BreakGlassReviewOverdue\""
            ),
            (
                NotificationRoute(channel: "ops", on: ["TamperReverted"]),
                "spec.notify[0].on[0]: Unsupported value \"TamperReverted\": supported values: \"Requested\", \"Approved\", \"Denied\", \"Granted\", \"ExpiringSoon\", \"Expired\", \"Revoked\", \"TimedOut\", \"Rejected\", \"BreakGlassGranted\", \"BreakGlassRatified\", \"BreakGlassRejected\", \"BreakGlassReviewOverdue\""
            ),
            (
                NotificationRoute(channel: "ops", on: ["ExpiringSoon"], expiringSoonPercent: 100),
                "spec.notify[0].expiringSoonPercent: must be between 1 and 99, not 100"
            ),
        ])
    func invalidNotify(route: NotificationRoute, problem: String) {
        var policy = AccessPolicy.fixture(name: "p")
        policy.spec.notify = [route]
        guard case .failure(let error) = CompiledPolicy.compile(policy) else {
            Issue.record("expected \(route) to be refused")
            return
        }
        #expect(error.description == "AccessPolicy \"p\" is invalid: \(problem)")
    }

    @Test("A well-formed notify compiles")
    func validNotify() {
        var policy = AccessPolicy.fixture(name: "p")
        policy.spec.notify = [
            NotificationRoute(channel: "oncall.slack-1", on: NotificationAction.routable.map(\.rawValue)),
            NotificationRoute(channel: "hook", on: ["ExpiringSoon"], expiringSoonPercent: 25),
        ]
        guard case .success = CompiledPolicy.compile(policy) else {
            Issue.record("expected the policy to compile")
            return
        }
    }

    @Test("Action names, CloudEvent types and the audit actions they come from")
    func actions() {
        #expect(NotificationAction(rawValue: "ExpiringSoon") == .expiringSoon)
        #expect(NotificationAction(rawValue: "Granted") == .audit(.granted))
        #expect(NotificationAction(rawValue: "OrphanRemoved") == nil)
        #expect(NotificationAction(.tamperReverted) == nil)
        #expect(NotificationAction(.timedOut) == .audit(.timedOut))
        #expect(NotificationAction.audit(.timedOut).cloudEventType == "dev.drawbridge.accessrequest.timedout")
        #expect(NotificationAction.expiringSoon.cloudEventType == "dev.drawbridge.accessrequest.expiringsoon")
        #expect(
            NotificationRouting.channels(
                for: .audit(.granted),
                in: [
                    .init(channel: "b", on: ["Granted"]), .init(channel: "a", on: ["Granted"]),
                    .init(channel: "b", on: ["Granted", "Denied"]), .init(channel: "c", on: ["Denied"]),
                ]) == ["a", "b"])
    }
}
