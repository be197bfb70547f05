import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient

// Measures the AccessRequest controller against the in-process API server emulator (CRDs, RBAC as
// config/rbac, the real admission webhook called in process) and prints the figures. Not a test:
// nothing here fails on timing. Latencies are real time (ContinuousClock); the controller's own
// clock is a ManualClock the benchmark moves, so expiries and sweeps happen exactly when asked.
//
// Usage: swift build -c release --product drawbridge-bench && .build/release/drawbridge-bench
//        [--requests 10000] [--approvals 1000] [--workers 4] [--creators 4]

let arguments = Arguments.parse(Array(CommandLine.arguments.dropFirst()))
let grants = arguments.requests
let approvals = arguments.approvals
let rssAtStart = memoryMiB()
let benchStart = ContinuousClock.now

print(
    "Drawbridge controller benchmark: \(grants) grants, \(approvals) approvals, \(arguments.workers) workers, "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
print(
    "Controller and API server emulator in one process (InProcessTransport); real-time latencies, manual controller clock."
)

/// One line of the closing summary.
struct SummaryRow {
    /// The measure's number in the output (1-6), which orders the summary.
    var number: Int
    var measure: String
    var result: String
    var target: String
}
var summary: [SummaryRow] = []

func describe(_ results: [ReconcileResult: Int]) -> String {
    results.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        .joined(separator: ", ")
}

func lagLine(_ label: String, _ values: [Double], count: Int) -> String {
    String(
        format: "%@ p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d of %d seen)", label, percentile(values, 0.5),
        percentile(values, 0.99), values.max() ?? 0, values.count, count)
}

// MARK: - Grants at scale: memory (6), steady state (5), start-up (3), revocation (2)
//
// No admin watches here: decoding every change a second time in this process would compete with the
// controller for the two cores. Instants come from the controller's own calls instead: a write's
// instant is when the API server's answer returned (it had committed), and an audit record's is when
// the controller decided.

print("\n== \(grants) grants: policy auto-approves (required 0, maxDuration 24h), every request for 1h ==")
let auto = AccessPolicy.fixture(name: "auto", maxDuration: "24h", required: 0, approverGroups: nil)
let big = try await Scenario(policy: auto, workers: arguments.workers, watch: false)
try await big.startController()
try await big.quiesce()
trimHeap()
let rssEmpty = memoryMiB()

progress("creating \(grants) requests")
let createStart = ContinuousClock.now
try await big.create(prefix: "g", count: grants, duration: "1h", creators: arguments.creators)
let createdAfter = ContinuousClock.now - createStart
try await waitUntil(
    "all \(grants) grants are Active", timeout: .seconds(3600), status: { "(\(big.audit.count(.granted)) granted)" }
) { big.audit.count(.granted) >= grants }
try await big.quiesce()
let names = (0..<grants).map { "g\($0)" }
// The Active status write is each grant's last status write.
let grantedAfter = (names.compactMap { big.counter.completed("PUT", .status, $0) }.max() ?? createStart) - createStart
let grantWrites = big.counter.snapshot
let admin = big.harness.emulator.client("admin")
let listed = try await admin.listAll(AccessRequest.self, namespace: "demo")
let activeCount = listed.items.filter { $0.status?.phase == .active }.count
let expiries = Set(listed.items.compactMap { $0.status?.expiresAt?.date })
print(
    String(
        format:
            "creating:         %8.0f creates/s  (%d requests by alice in %.1f s, %d concurrent clients, webhook in the path)",
        Double(grants) / seconds(createdAfter), grants, seconds(createdAfter), arguments.creators))
print(
    String(
        format:
            "granting:         %8.0f grants/s   (%d of %d Active; the last Active status written %.1f s after the first create)",
        Double(grants) / seconds(grantedAfter), activeCount, grants, seconds(grantedAfter)))
print(
    String(
        format: "writes to grant:  %8.2f per request  %@", Double(grantWrites.totalWrites) / Double(grants),
        grantWrites.summary))

print("reconciles so far: \(describe(big.stats.results))")

// 6. Memory.
let rssFull = memoryMiB()
let cached = (big.harness.controller?.caches.requests.count ?? 0, big.harness.controller?.caches.bindings.count ?? 0)
print("\n-- 6. Memory (VmRSS of this process: controller AND emulator) --")
print("RSS at process start:                       \(formatMiB(rssAtStart))")
print("RSS with harness + idle controller, empty:  \(formatMiB(rssEmpty))")
print(
    "RSS with \(cached.0) requests and \(cached.1) bindings cached: \(formatMiB(rssFull))  (delta \(formatMiB(rssFull.flatMap { full in rssEmpty.map { full - $0 } })))"
)
let sample = Array(listed.items.prefix(100))
let sampleBindings = try await admin.list(RoleBinding.self, namespace: "demo", limit: 100).items
func jsonBytes<R: KubeResource>(_ objects: [R], withoutManagedFields: Bool = false) throws -> Int {
    try objects.reduce(0) { total, object in
        var object = object
        if withoutManagedFields { object.metadata.managedFields = nil }
        return total + (try JSONCoding.encoder.encode(object)).count
    } / max(1, objects.count)
}
print(
    "a cached AccessRequest is \(try jsonBytes(sample)) bytes as JSON (\(try jsonBytes(sample, withoutManagedFields: true)) without metadata.managedFields); a RoleBinding \(try jsonBytes(sampleBindings)) (\(try jsonBytes(sampleBindings, withoutManagedFields: true)))"
)
print("  Upper bound: the emulator holds the same \(grants) requests and bindings (as JSON trees), about \(2 * grants)")
print("  Events and its 20,000-change watch history in this process too; 3. estimates the controller's own share.")

// 5. Steady state: nothing changes; five sweep intervals pass.
print("\n-- 5. Steady state: \(grants) Active grants, nothing changing, controller clock moved 5 x 60 s --")
progress("steady state")
let steadyBefore = big.counter.snapshot
var sweepPasses: [Double] = []
for minute in 1...5 {
    let reconcilesBefore = big.stats.count
    let start = ContinuousClock.now
    await big.clock.advance(by: .seconds(60))
    try await waitUntil(
        "sweep \(minute) has looked at every grant", timeout: .seconds(900),
        status: { "(\(big.stats.count - reconcilesBefore) reconciles)" }
    ) { big.stats.count - reconcilesBefore >= grants }
    try await big.quiesce()
    sweepPasses.append(ms((big.stats.last ?? start) - start))
}
let steady = big.counter.snapshot - steadyBefore
let writesPerMinute = Double(steady.totalWrites) / 5
print(
    String(
        format: "writes per minute: %6.1f  over 5 minutes: %@  (target: 0, %@)", writesPerMinute, steady.summary,
        verdict(steady.totalWrites == 0)))
print("reads during the 5 minutes: \(steady.reads) (gets/list pages), watches opened: \(steady.watches)")
print(
    String(
        format:
            "sweep pass (every grant reconciled, no writes): p50 %.0f ms, max %.0f ms of real time per minute of controller time",
        percentile(sweepPasses, 0.5), sweepPasses.max() ?? 0))
summary.append(
    .init(
        number: 5, measure: "writes per minute, steady state",
        result: String(format: "%.1f (%d in 5 min)", writesPerMinute, steady.totalWrites),
        target: "0: \(verdict(steady.totalWrites == 0))"))

// 3. Start-up with every grant present. Half a sweep interval later, so the new controller's sweeps
// never fall on the expiry instant measured in 2.
print("\n-- 3. Controller start-up with \(grants) requests and \(grants) bindings present --")
await big.clock.advance(by: .seconds(30))
let rssBeforeStop = memoryMiB()
await big.harness.stop()
trimHeap()
let rssStopped = memoryMiB()
let restartBefore = big.counter.snapshot
let restartReconciles = big.stats.count
let harness = big.harness
let readyInstant = Task { await firstInstant { harness.controller?.isReady == true } }
progress("restarting the controller")
let restartStart = ContinuousClock.now
try await big.startController()
let readyAfter = await readyInstant.value - restartStart
try await waitUntil(
    "the first pass has looked at every request", timeout: .seconds(900),
    status: { "(\(big.stats.count - restartReconciles) reconciles)" }
) { big.stats.count - restartReconciles >= grants && big.queueDepth == 0 }
try await big.quiesce()
let settledAfter = (big.stats.last ?? restartStart) - restartStart
let restart = big.counter.snapshot - restartBefore
let rssRestarted = memoryMiB()
print(
    String(
        format:
            "isReady after:        %8.0f ms  (6 informers listed in pages of 500, caches synced, first pass reconciled)",
        ms(readyAfter)))
print(
    String(
        format: "first pass settled:   %8.0f ms  (%d reconciles, the last finished then; queue empty)",
        ms(settledAfter),
        big.stats.count - restartReconciles))
print(
    "writes during start-up: \(restart.summary); reads \(restart.reads) (list pages and gets), watches \(restart.watches)"
)
let controllerShare = rssRestarted.flatMap { restarted in rssStopped.map { restarted - $0 } }
print(
    "RSS before stopping \(formatMiB(rssBeforeStop)); controller stopped + malloc_trim \(formatMiB(rssStopped)); restarted and settled \(formatMiB(rssRestarted))"
)
print(
    "  => the restarted controller's own share is about \(formatMiB(controllerShare)) (caches, queue, timers, overlay)")
summary.append(
    .init(
        number: 3, measure: "start-up, \(grants) requests: isReady", result: String(format: "%.0f ms", ms(readyAfter)),
        target: "-"))
summary.append(
    .init(
        number: 3, measure: "start-up: first pass settled",
        result: String(format: "%.0f ms, %d writes", ms(settledAfter), restart.totalWrites),
        target: "no writes: \(verdict(restart.totalWrites == 0))"))

// 2. Revocation: every grant expires at the same instant. The clock first goes to one second before
// it (the sweeps in between run and settle), then the measured step crosses it.
print("\n-- 2. Revocation lag: \(grants) grants expiring at the same instant --")
if expiries.count != 1 { print("note: \(expiries.count) distinct expiresAt values; advancing past the latest") }
guard let expiry = expiries.max() else { throw BenchError("no expiresAt seen") }
await big.advanceClock(to: expiry.addingTimeInterval(-1))
try await big.quiesce()
let expiryBefore = big.counter.snapshot
progress("expiring \(grants) grants")
let advanceStart = ContinuousClock.now
await big.advanceClock(to: expiry)
try await waitUntil(
    "every grant is revoked and every finalizer released", timeout: .seconds(3600),
    status: { "(\((big.counter.snapshot - expiryBefore).summary))" }
) {
    // The Expired status is written only once the binding is gone (one by one, or in bulk by a
    // deletecollection per namespace), so statuses and finalizers are what to count.
    let done = big.counter.snapshot - expiryBefore
    return done[.status] >= grants && done[.finalizer] >= grants
}
try await big.quiesce()
let expiryWrites = big.counter.snapshot - expiryBefore
progress("expired")
func lags(_ instants: [ContinuousClock.Instant?]) -> [Double] {
    instants.compactMap { $0 }.filter { $0 >= advanceStart }.map { ms($0 - advanceStart) }
}
// A binding removed by a bulk deletecollection counts from when that call returned (the last one, an
// upper bound when there were several).
let bulkDeleted = big.counter.completed("DELETE", .binding, "")
let bindingLags = lags(names.map { big.counter.completed("DELETE", .binding, "drawbridge-\($0)") ?? bulkDeleted })
let statusLags = lags(names.map { big.counter.completed("PUT", .status, $0) })
let releaseLags = lags(names.map { big.counter.completed("PATCH", .finalizer, $0) })
let expiredAudit = big.audit.instants(.expired)
let decisionLags = lags(names.map { expiredAudit[$0] })
print(lagLine("decided (audit record):       ", decisionLags, count: grants))
print(lagLine("binding deleted (access gone):", bindingLags, count: grants))
print(lagLine("status Expired written:       ", statusLags, count: grants))
print(lagLine("finalizer released:           ", releaseLags, count: grants))
let allRevoked = bindingLags.max() ?? 0
print(
    String(
        format: "all %d bindings deleted %.2f s after the clock crossed expiresAt (%.0f revocations/s)", grants,
        allRevoked / 1000, Double(grants) / max(0.001, allRevoked / 1000)))
print(
    String(
        format: "writes to revoke: %.2f per request  %@", Double(expiryWrites.totalWrites) / Double(grants),
        expiryWrites.summary))
print("reconciles so far: \(describe(big.stats.results))")
let revocationP99 = percentile(bindingLags, 0.99)
summary.append(
    .init(
        number: 2, measure: "revocation lag, \(grants) at once (binding deleted)",
        result: String(
            format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms", percentile(bindingLags, 0.5), revocationP99, allRevoked),
        target: "p99 < 1 s: \(verdict(revocationP99 < 1000))"))
summary.append(
    .init(
        number: 2, measure: "revocation, status Expired written",
        result: String(
            format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms", percentile(statusLags, 0.5), percentile(statusLags, 0.99),
            statusLags.max() ?? 0),
        target: "-"))
await big.stop()
summary.append(
    .init(
        number: 6, measure: "RSS, \(grants) requests + bindings (upper bound)",
        result: "\(formatMiB(rssFull)) (empty \(formatMiB(rssEmpty)); controller alone ~\(formatMiB(controllerShare)))",
        target:
            "< 64 MiB: \(verdict((rssFull ?? .infinity) < 64)) (controller alone: \(verdict((controllerShare ?? .infinity) < 64)))"
    ))

// MARK: - 1. Approve -> Active latency

print(
    "\n-- 1. Approve -> Active: \(approvals) Pending requests (1 approval from group sre), approved one by one by bob --"
)
let approvalPolicy = AccessPolicy.fixture(
    name: "sre-approval", maxDuration: "24h", required: 1, approverGroups: ["sre"])
let approving = try await Scenario(policy: approvalPolicy, workers: arguments.workers)
try await approving.startController()
try await approving.create(prefix: "a", count: approvals, duration: "30m", creators: arguments.creators)
try await waitUntil(
    "all \(approvals) requests are Pending", timeout: .seconds(900),
    status: { "(\(approving.requests.count(.pending)) Pending)" }
) { approving.requests.count(.pending) >= approvals }
try await approving.quiesce()
var approveLatencies: [Double] = []
var decideLatencies: [Double] = []
approving.stats.startRecordingDurations()
progress("approving \(approvals) requests")
let approvalsBefore = approving.counter.snapshot
for index in 0..<approvals {
    let name = "a\(index)"
    try await approving.harness.review(name, as: "bob")
    let reviewed = ContinuousClock.now
    try await waitUntil("\(name) is Active", timeout: .seconds(60), interval: .microseconds(100)) {
        approving.requests.instant(name, .active) != nil
    }
    if let active = approving.requests.instant(name, .active) { approveLatencies.append(max(0, ms(active - reviewed))) }
    if let granted = approving.audit.instants(.granted)[name] {
        decideLatencies.append(max(0, ms(granted - reviewed)))
    }
}
let approveReconciles = approving.stats.takeDurations()
try await approving.quiesce()
let approveWrites = approving.counter.snapshot - approvalsBefore
await approving.stop()
let approveP99 = percentile(approveLatencies, 0.99)
print(
    String(
        format: "approve -> Active visible: p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (target p99 < 50 ms: %@)",
        percentile(approveLatencies, 0.5), approveP99, approveLatencies.max() ?? 0, verdict(approveP99 < 50)))
print(
    String(
        format:
            "approve -> Granted decided: p50 %6.2f ms  p99 %6.2f ms  (audit record written, before the binding and status)",
        percentile(decideLatencies, 0.5), percentile(decideLatencies, 0.99)))
print(
    String(
        format: "reconcile duration:        p50 %6.2f ms  p99 %6.2f ms  (%d reconciles while approving)",
        percentile(approveReconciles, 0.5), percentile(approveReconciles, 0.99), approveReconciles.count))
print(
    String(
        format: "writes per approval: %.2f  %@", Double(approveWrites.totalWrites) / Double(approvals),
        approveWrites.summary))
summary.append(
    .init(
        number: 1, measure: "approve -> Active, \(approvals) approvals",
        result: String(format: "p50 %.2f ms, p99 %.2f ms", percentile(approveLatencies, 0.5), approveP99),
        target: "p99 < 50 ms: \(verdict(approveP99 < 50))"))

// MARK: - 4. Writes per request lifecycle

print("\n-- 4. Controller writes for one request: create -> Pending -> approve -> Active -> expiry -> Expired --")
let single = try await Scenario(policy: approvalPolicy, workers: arguments.workers)
try await single.startController()
try await single.quiesce()
let lifeStart = single.counter.snapshot
try await single.create(prefix: "life", count: 1, duration: "30m", creators: 1)
try await waitUntil("life0 is Pending", timeout: .seconds(30)) { single.requests.count(.pending) >= 1 }
try await single.quiesce()
let afterPending = single.counter.snapshot
try await single.harness.review("life0", as: "bob")
try await waitUntil("life0 is Active", timeout: .seconds(30)) { single.requests.count(.active) >= 1 }
try await single.quiesce()
let afterActive = single.counter.snapshot
guard let lifeExpiry = single.requests.expiries.first else { throw BenchError("life0 has no expiresAt") }
await single.advanceClock(to: lifeExpiry)
try await waitUntil("life0 is Expired and released", timeout: .seconds(30)) {
    single.requests.count(.expired) >= 1 && single.requests.released >= 1
}
try await single.quiesce()
let afterExpired = single.counter.snapshot
await single.stop()
let stages: [(String, CallCounter.Counts)] = [
    ("create -> Pending", afterPending - lifeStart), ("approve -> Active", afterActive - afterPending),
    ("expiry -> Expired", afterExpired - afterActive), ("whole lifecycle", afterExpired - lifeStart),
]
print("stage                 status  finalizer  binding  event  other  total")
for (stage, counts) in stages {
    print(
        stage.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(
                format: "  %6d  %9d  %7d  %5d  %5d  %5d", counts[.status], counts[.finalizer], counts[.binding],
                counts[.event], counts[.other], counts.totalWrites))
}
let lifecycle = afterExpired - lifeStart
if lifecycle.failedWrites > 0 { print("(\(lifecycle.failedWrites) of them failed and were retried)") }
summary.append(.init(number: 4, measure: "writes per request lifecycle", result: lifecycle.summary, target: "-"))

// MARK: - Summary

print("\n== Summary (design targets in the last column) ==")
let width = summary.map(\.measure.count).max() ?? 0
for row in summary.enumerated().sorted(by: { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }).map(
    \.element)
{
    print(
        "\(row.number). \(row.measure.padding(toLength: width, withPad: " ", startingAt: 0))  \(row.result)  [\(row.target)]"
    )
}
print(
    String(
        format: "peak RSS (VmHWM) %@; whole run %.0f s", formatMiB(memoryMiB("VmHWM")),
        seconds(ContinuousClock.now - benchStart)))
