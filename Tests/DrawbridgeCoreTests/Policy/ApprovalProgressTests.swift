import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

@Suite("Approval progress")
struct ApprovalProgressTests {
    static func terms(required: Int = 1, timeout: Duration = .seconds(1800)) -> GrantTerms {
        GrantTerms(
            policy: "p", duration: .seconds(1800), maxDuration: .seconds(3600), requiredApprovals: required,
            approvers: ApproverMatcher(groups: ["sre"]), approvalTimeout: timeout)
    }

    @Test(
        "The summary says what a request still needs, or how it was settled",
        arguments: [
            ("fresh", AccessRequest.fixture(), terms(), 0.3, "needs 1 approval from group sre within 30m"),
            (
                "one of two", AccessRequest.fixture(.approvedBy("bob")), terms(required: 2), 600.0,
                "needs 1 more approval from group sre within 20m (approved so far: bob)"
            ),
            ("enough", AccessRequest.fixture(.approvedBy("bob")), terms(), 600.0, "approved by bob"),
            ("denied", AccessRequest.fixture(.deniedBy("carol")), terms(), 600.0, "denied by carol"),
            ("auto", AccessRequest.fixture(), terms(required: 0), 5.0, "auto-approved (the policy needs no approval)"),
            (
                "too late", AccessRequest.fixture(), terms(), 2100.0,
                "no approval can count any more: the approval window closed 5m ago"
            ),
            (
                "own approval", AccessRequest.fixture(.approvedBy("alice", groups: ["sre"])), terms(), 1795.0,
                "needs 1 approval from group sre within 5s"
            ),
        ])
    func summaries(_ label: String, _ request: AccessRequest, _ terms: GrantTerms, _ at: Double, _ text: String) {
        let progress = ApprovalProgress(
            request: request, terms: terms, now: Fixtures.at(at), isAuthentic: Fixtures.trustAll)
        #expect(progress.summary(now: Fixtures.at(at)) == text, "\(label)")
    }

    @Test(
        "The deadline is creation plus the approval timeout, as the controller computes it, and untrusted records do not count"
    )
    func deadlineAndTrust() {
        let request = AccessRequest.fixture(.approvedBy("bob"))
        let progress = ApprovalProgress(
            request: request, terms: Self.terms(timeout: .seconds(600)), now: Fixtures.t0, isAuthentic: { _ in false })
        #expect(progress.deadline == Fixtures.at(600))
        #expect(progress.remaining == 1)
        #expect(progress.tally.ignored.map(\.reason) == [.unauthentic])
    }
}
