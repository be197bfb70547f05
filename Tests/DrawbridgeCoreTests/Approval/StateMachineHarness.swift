import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// One row of a state-machine table: a situation and everything the outcome must say about it.
struct TransitionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: AccessRequest
    var policies: [AccessPolicy] = [.fixture()]
    var binding: BindingState = .missing
    var bindingExpiresAt: KubeTime? = nil
    var now: Double = 120
    var phase: AccessRequestPhase?
    var actions: [GrantAction] = []
    var notes: [String] = []
    var message: String?
    var nextCheck: Double?? = .none

    var testDescription: String { name }

    func run() -> ApprovalOutcome {
        ApprovalStateMachine.evaluate(
            .init(
                request: request, policies: PolicySet(policies), binding: binding, bindingExpiresAt: bindingExpiresAt,
                now: Fixtures.at(now), isAuthentic: Fixtures.trustAll, isRequesterAuthentic: true))
    }
}

extension AccessPolicy {
    /// The fixture policy with auto-approval.
    static var autoApprove: AccessPolicy { .fixture(name: "auto-view", required: 0) }
}
