import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("Review eligibility")
struct ReviewEligibilityTests {
    static let policies = PolicySet([.fixture()])

    static func refusal(
        _ decision: ReviewDecision, by user: String, groups: [String] = ["sre"], _ request: AccessRequest
    )
        -> String?
    {
        let input = PolicyInput(
            requester: request.spec.requester ?? UserIdentity(username: ""),
            namespace: request.metadata.namespace ?? "",
            role: request.spec.role, duration: request.spec.duration, reason: request.spec.reason)
        return ReviewEligibility.refusal(
            decision, by: user, groups: groups, on: request,
            evaluate: { PolicyEngine.evaluate(input, policies: policies, mode: $0) }, isAuthentic: Fixtures.trustAll)
    }

    @Test(
        "Each rule refuses with the webhook's words, in the webhook's order",
        arguments: [
            (ReviewDecision.approve, "bob", AccessRequest.fixture(.phase(.pending)), nil as String?),
            (.deny, "bob", .fixture(), nil),
            (
                .approve, "alice", .fixture(.phase(.pending)),
                "alice cannot approve their own AccessRequest; another approver must"
            ),
            (
                .deny, "alice", .fixture(),
                "alice cannot deny their own AccessRequest; Revoke it or delete it to withdraw it"
            ),
            (.revoke, "alice", .fixture(.phase(.active)), nil),
            (.revoke, "bob", .fixture(.phase(.active)), nil),
            (
                .approve, "bob", .fixture(.phase(.active)),
                "AccessRequest demo/alice-edit is already Active and no extension waits for approval; only Revoke or Extend changes it now"
            ),
            (
                .deny, "bob", .fixture(.phase(.scheduled)),
                "AccessRequest demo/alice-edit is already approved and Scheduled to start at its startAt; only Revoke changes it now"
            ),
            (
                .revoke, "bob", .fixture(.phase(.expired)),
                "AccessRequest demo/alice-edit is already Expired; reviews no longer change it"
            ),
            (
                .approve, "zoe", .fixture(),
                "zoe is not an approver under AccessPolicy \"developers-edit\" (approvers: group sre)"
            ),
            (
                .approve, "bob", .fixture(.approvedBy("bob")),
                "bob has already approved AccessRequest demo/alice-edit; AccessPolicy \"developers-edit\" needs 1 distinct approver(s)"
            ),
            (
                .approve, "bob", .fixture(namespace: "prod"),
                #"no AccessPolicy allows AccessRequest prod/alice-edit any more, so no review can count (no AccessPolicy allows User "alice" to request ClusterRole/edit in namespace "prod"); the controller rejects or revokes it"#
            ),
            // A ClusterAccessRequest is named by its kind (the webhook's words for it).
            (
                .approve, "alice", .fixture(.clusterWide()),
                "alice cannot approve their own ClusterAccessRequest; another approver must"
            ),
            (
                .revoke, "bob", .fixture(.clusterWide(), .phase(.expired)),
                "ClusterAccessRequest alice-edit is already Expired; reviews no longer change it"
            ),
        ])
    func rules(_ decision: ReviewDecision, _ user: String, _ request: AccessRequest, _ expected: String?) {
        let groups = user == "zoe" ? ["developers"] : ["sre"]
        #expect(Self.refusal(decision, by: user, groups: groups, request) == expected)
    }

    @Test("canApprove is an Approve the rules allow")
    func canApprove() {
        let request = AccessRequest.fixture(.phase(.pending))
        let evaluate: (PolicyEngine.Mode) -> PolicyDecision = { _ in
            PolicyEngine.evaluate(
                PolicyInput(
                    requester: UserIdentity(username: "alice", groups: ["developers"]), namespace: "demo",
                    role: .init(kind: "ClusterRole", name: "edit"), duration: "30m"),
                policies: Self.policies)
        }
        #expect(
            ReviewEligibility.canApprove(
                request, reviewer: "carol", groups: ["sre"], evaluate: evaluate, isAuthentic: Fixtures.trustAll))
        #expect(
            !ReviewEligibility.canApprove(
                request, reviewer: "alice", groups: ["sre"], evaluate: evaluate, isAuthentic: Fixtures.trustAll))
    }
}

/// With the time given, a live grant whose extension waits for approval is in an extension
/// approver's inbox, as the webhook lets them approve it; without it, only Revoke applies.
@Suite("Review eligibility: extensions waiting on a live grant")
struct ReviewEligibilityExtensionTests {
    static let policies = PolicySet([AccessPolicy.fixture().extending()])

    /// alice's Active grant, with an Extend of hers a minute after t0, and `changes` on top.
    static func grant(_ changes: RequestChange...) -> AccessRequest {
        var request = AccessRequest.fixture(.phase(.active), .extensionAsked(at: 60))
        for change in changes { change.apply(&request) }
        return request
    }

    static func refusal(
        _ decision: ReviewDecision, by user: String, groups: [String] = ["sre"], _ request: AccessRequest, now: Double?
    )
        -> String?
    {
        let input = PolicyInput(request: request, namespaceLabels: [:], roleRules: nil, now: nil)
        return ReviewEligibility.refusal(
            decision, by: user, groups: groups, on: request,
            evaluate: { PolicyEngine.evaluate(input, policies: policies, mode: $0) }, isAuthentic: Fixtures.trustAll,
            now: now.map { KubeTime(Fixtures.at($0)) })
    }

    @Test("An extension approver may approve or deny it; its requester, someone else or a second approval may not")
    func whoDecides() {
        #expect(Self.refusal(.approve, by: "bob", Self.grant(), now: 120) == nil)
        #expect(Self.refusal(.deny, by: "bob", Self.grant(), now: 120) == nil)
        #expect(
            Self.refusal(.approve, by: "alice", groups: ["developers"], Self.grant(), now: 120)
                == "alice cannot approve their own AccessRequest; another approver must")
        #expect(
            Self.refusal(.approve, by: "dave", groups: ["developers"], Self.grant(), now: 120)
                == "dave is not an approver of extensions under AccessPolicy \"developers-edit\" (approvers: group sre)"
        )
        #expect(
            Self.refusal(.approve, by: "bob", Self.grant(.approvedBy("bob", at: 90)), now: 120) != nil,
            "bob's approval already decided the extension (one is required)")
    }

    @Test("With nothing waiting, or without the time, a live grant takes no Approve")
    func nothingWaiting() {
        let plain = AccessRequest.fixture(.phase(.active))
        #expect(
            Self.refusal(.approve, by: "bob", plain, now: 120)
                == "AccessRequest demo/alice-edit is already Active and no extension waits for approval; only Revoke or Extend changes it now"
        )
        #expect(
            Self.refusal(.approve, by: "bob", Self.grant(), now: nil)
                == "AccessRequest demo/alice-edit is already Active and no extension waits for approval; only Revoke or Extend changes it now"
        )
        #expect(
            ReviewEligibility.canApprove(
                Self.grant(), reviewer: "bob", groups: ["sre"],
                evaluate: { _ in
                    PolicyEngine.evaluate(
                        PolicyInput(request: Self.grant(), namespaceLabels: [:], roleRules: nil, now: nil),
                        policies: Self.policies)
                },
                isAuthentic: Fixtures.trustAll, now: KubeTime(Fixtures.at(120))))
    }
}

/// Ratify and Reject of a break-glass grant: the two steps the webhook and the plugin's inbox share.
@Suite("Review eligibility: break-glass reviews")
struct ReviewEligibilityBreakGlassTests {
    static let sre = ApproverMatcher(groups: ["sre"])
    /// A request no policy allows any more, so only the policy named in a grant's status can govern it.
    static let unmatched = PolicyInput(
        requester: UserIdentity(username: "alice", groups: ["developers"]), namespace: "nowhere",
        role: .init(kind: "ClusterRole", name: "edit"), duration: "30m")

    /// alice's break-glass grant, granted at t0, with `changes` on top.
    static func glass(_ changes: RequestChange...) -> AccessRequest {
        var request = AccessRequest.fixture(.breakGlass(), .phase(.active, grantedAt: 0, duration: 1800))
        for change in changes { change.apply(&request) }
        return request
    }

    @Test("Only a granted break-glass request is reviewed, and never by its requester")
    func firstStep() {
        #expect(ReviewEligibility.breakGlassRefusal(.ratify, by: "bob", on: Self.glass()) == nil)
        #expect(
            ReviewEligibility.breakGlassRefusal(.reject, by: "alice", on: Self.glass())
                == "alice cannot reject their own break-glass access; an approver must")
        #expect(
            ReviewEligibility.breakGlassRefusal(.ratify, by: "bob", on: .fixture(.phase(.active)))
                == "AccessRequest demo/alice-edit is not a break-glass grant; Ratify and Reject review break-glass grants only"
        )
        #expect(
            ReviewEligibility.breakGlassRefusal(.ratify, by: "bob", on: .fixture(.breakGlass(), .phase(.pending)))
                != nil, "not granted yet")
    }

    @Test("An approver of the governing policy reviews it once; canRatify is both steps passing")
    func secondStep() {
        func refusal(_ user: String, _ groups: [String], _ request: AccessRequest) -> String? {
            ReviewEligibility.breakGlassRefusal(
                by: user, groups: groups, on: request, policy: "developers-edit", approvers: Self.sre,
                isAuthentic: Fixtures.trustAll)
        }
        #expect(refusal("bob", ["sre"], Self.glass()) == nil)
        #expect(
            refusal("zoe", ["developers"], Self.glass())
                == "zoe is not an approver under AccessPolicy \"developers-edit\" (approvers: group sre)")
        let ratified = Self.glass(.reviewedBy("carol", .ratify, at: 300))
        #expect(
            refusal("bob", ["sre"], ratified)
                == "AccessRequest demo/alice-edit's break-glass access was already ratified by carol; it is reviewed once"
        )
        // The policy the grant's status names governs it (its approvers: group sre).
        let policies = PolicySet([.fixture()])
        func canRatify(_ request: AccessRequest, under policies: PolicySet) -> Bool {
            ReviewEligibility.canRatify(
                request, reviewer: "bob", groups: ["sre"],
                evaluate: { _ in PolicyEngine.evaluate(Self.unmatched, policies: policies) }, policies: policies,
                isAuthentic: Fixtures.trustAll)
        }
        #expect(canRatify(Self.glass(), under: policies))
        #expect(!canRatify(ratified, under: policies))
        #expect(!canRatify(Self.glass(), under: PolicySet([])), "nobody reviews what no policy governs")
        // The inbox: a break-glass grant bob may ratify is in it; once ratified, it is not.
        #expect(
            ReviewEligibility.awaitsReview(
                Self.glass(), reviewer: "bob", groups: ["sre"],
                evaluate: { _ in PolicyEngine.evaluate(Self.unmatched, policies: policies) }, policies: policies,
                isAuthentic: Fixtures.trustAll))
        #expect(
            !ReviewEligibility.awaitsReview(
                ratified, reviewer: "bob", groups: ["sre"],
                evaluate: { _ in PolicyEngine.evaluate(Self.unmatched, policies: policies) }, policies: policies,
                isAuthentic: Fixtures.trustAll))
    }
}
