import ControllerRuntime
import DrawbridgeAPI
import Foundation
import Testing

/// One acquire-or-renew attempt, as a table: what is written, or who keeps the lease.
@Suite("Lease decisions")
struct LeaseDecisionTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
    static func held(by holder: String?, renewed: Double = 0, transitions: Int = 3) -> LeaseSpec {
        LeaseSpec(
            holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: KubeMicroTime(at(-100)),
            renewTime: KubeMicroTime(at(renewed)), leaseTransitions: transitions)
    }

    @Test("No lease yet: create it, holding it, with no transitions")
    func create() {
        let decision = LeaseDecision.decide(
            current: nil, identity: "a", now: Self.at(0), observed: nil, observedAt: nil, leaseDuration: .seconds(15))
        #expect(
            decision
                == .create(
                    LeaseSpec(
                        holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: KubeMicroTime(Self.at(0)),
                        renewTime: KubeMicroTime(Self.at(0)), leaseTransitions: 0)))
    }

    @Test("Our own lease is renewed: renewTime moves, acquireTime and transitions stay")
    func renew() {
        let ours = Self.held(by: "a")
        let decision = LeaseDecision.decide(
            current: ours, identity: "a", now: Self.at(2), observed: ours, observedAt: Self.at(0),
            leaseDuration: .seconds(15))
        var expected = ours
        expected.renewTime = KubeMicroTime(Self.at(2))
        #expect(decision == .update(expected))
    }

    @Test(
        "Someone else's lease is theirs until we have seen it unchanged for its whole duration",
        arguments: [
            (0.0, 14.9, false),  // seen unchanged 14.9 s: still theirs
            (0.0, 15.0, true),  // 15 s: expired, take it
            (10.0, 20.0, false),  // it changed 10 s in (renewed): the wait starts again
        ])
    func heldByOther(observedAt: Double, now: Double, takes: Bool) {
        let theirs = Self.held(by: "b")
        let decision = LeaseDecision.decide(
            current: theirs, identity: "a", now: Self.at(now), observed: theirs, observedAt: Self.at(observedAt),
            leaseDuration: .seconds(15))
        if takes {
            var expected = theirs
            expected.holderIdentity = "a"
            expected.acquireTime = KubeMicroTime(Self.at(now))
            expected.renewTime = KubeMicroTime(Self.at(now))
            expected.leaseTransitions = 4
            #expect(decision == .update(expected))
        } else {
            #expect(decision == .heldByOther("b"))
        }
    }

    @Test("A lease seen for the first time is trusted for a whole duration, whatever its renewTime says")
    func firstSight() {
        // renewTime is an hour old by our clock, but clocks differ: wait a full duration from now.
        let theirs = Self.held(by: "b", renewed: -3600)
        #expect(
            LeaseDecision.decide(
                current: theirs, identity: "a", now: Self.at(0), observed: nil, observedAt: nil,
                leaseDuration: .seconds(15)) == .heldByOther("b"))
    }

    @Test("A released lease (no holder) is taken at once")
    func released() {
        let free = LeaseDecision.released(Self.held(by: "b"), now: Self.at(0))
        #expect(free.holderIdentity == nil)
        #expect(free.leaseDurationSeconds == 1)
        guard
            case .update(let spec) = LeaseDecision.decide(
                current: free, identity: "a", now: Self.at(0.5), observed: free, observedAt: Self.at(0),
                leaseDuration: .seconds(15))
        else {
            Issue.record("a released lease was not taken")
            return
        }
        #expect(spec.holderIdentity == "a")
        #expect(spec.leaseTransitions == 4)
        #expect(spec.leaseDurationSeconds == 15)
    }

    @Test(
        "Timings that cannot work are refused with the reason",
        arguments: [
            (15, 10, 2, nil),
            (10, 10, 2, "the renew deadline must be shorter than the lease duration"),
            (15, 2, 2, "the renew deadline must be more than 1.2 times the retry period"),
            (15, 10, 0, "the retry period must be positive"),
        ] as [(Int, Int, Int, String?)])
    func timings(lease: Int, renew: Int, retry: Int, problem: String?) {
        let config = LeaderElectionConfig(
            identity: "a", leaseDuration: .seconds(lease), renewDeadline: .seconds(renew), retryPeriod: .seconds(retry))
        #expect(config.problem == problem)
    }
}
