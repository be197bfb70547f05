import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import Synchronization

/// The whole Drawbridge loop in one process on test time: the emulator with CRDs, RBAC and the real
/// admission webhook (called in process), and the AccessRequest controller running as its own
/// ServiceAccount with exactly `config/rbac`. Tests advance `clock` and await outcomes: a phase
/// reached (from the emulator's watch, through `requests`), or the controller settled.
public final class ControllerHarness: Sendable {
    public let emulator: EmulatorHarness
    public let audit = MemoryAuditSink()
    /// Every AccessRequest as the emulator's watch shows it, live.
    public let requests: ObjectFeed<AccessRequest>
    private let running = Mutex<(task: Task<Void, Never>, controller: AccessRequestController)?>(nil)

    public var clock: ManualClock { emulator.clock }
    public var api: APIServer { emulator.api }

    /// A harness with `policies` applied (default: the fixtures' developers-edit policy).
    /// `configureAdmission` changes the webhook's rules, e.g. `{ $0.policies = nil }` to see what
    /// the controller does with requests that bypassed the policy check at admission.
    /// `webhookObserver` hears every admission answer (e.g. `DrawbridgeMetrics.webhookObserver`).
    public init(
        policies: [AccessPolicy] = [AccessPolicy.fixture()], clock: ManualClock = ManualClock(),
        configureAdmission: @Sendable (inout AccessRequestAdmission) -> Void = { _ in },
        webhookObserver: WebhookServer.Observer? = nil
    ) async throws {
        emulator = try await EmulatorHarness.withAdmissionWebhook(
            clock: clock, configure: configureAdmission, webhookObserver: webhookObserver)
        let admin = emulator.client("admin")
        requests = ObjectFeed(client: admin)
        for policy in policies {
            var policy = policy
            policy.metadata.uid = nil
            _ = try await admin.create(policy)
        }
    }

    /// The controller currently running, if any.
    public var controller: AccessRequestController? { running.withLock { $0?.controller } }

    /// Starts a controller and waits until its caches are synced and its first pass is queued.
    ///
    /// Benchmarks hook in with the rest: `transport` wraps the controller's transport (to count or
    /// time its API calls; Events go through it too), `audit` replaces the sink (default `audit`;
    /// a sink that forwards to `audit` keeps the helpers that read it working), and `observer` hears
    /// every reconcile (key, duration, result) as `AccessRequestController` reports it. `metrics`
    /// records the controller's API calls, reconciles, queue and revocations, and tracks it.
    /// `notifications` turns on the notification dispatcher.
    public func start(
        workers: Int = 4, sweepInterval: Duration = .seconds(60), namespace: String? = nil,
        transport wrap: (any KubeTransport) -> any KubeTransport = { $0 },
        audit sink: (any AuditSink)? = nil,
        identity: IdentityVerifier = .signed(by: EmulatorHarness.signer),
        observer: ReconcileObserver? = nil, metrics: DrawbridgeMetrics? = nil,
        planner: @escaping @Sendable (PlanInput) -> Plan = AccessRequestPlanner.plan,
        notifications: NotificationDispatcher.Settings? = nil
    ) async throws {
        let controller = makeController(
            options: .init(namespace: namespace, workers: workers, sweepInterval: sweepInterval), transport: wrap,
            audit: sink ?? audit, identity: identity, observer: observer, metrics: metrics, planner: planner,
            notifications: notifications)
        let task = Task { await controller.run() }
        running.withLock { $0 = (task, controller) }
        try await eventually("the controller is ready") { controller.isReady ? true : nil }
    }

    /// A controller running as the controller's ServiceAccount on this harness's clock, not
    /// started: for tests that run several (leader election) and manage their tasks themselves.
    public func makeController(
        options: AccessRequestController.Options, transport wrap: (any KubeTransport) -> any KubeTransport = { $0 },
        audit sink: (any AuditSink)? = nil, identity: IdentityVerifier = .signed(by: EmulatorHarness.signer),
        observer: ReconcileObserver? = nil, metrics: DrawbridgeMetrics? = nil,
        planner: @escaping @Sendable (PlanInput) -> Plan = AccessRequestPlanner.plan,
        notifications: NotificationDispatcher.Settings? = nil
    ) -> AccessRequestController {
        let client = KubeClient(
            transport: wrap(emulator.client("controller").transport), observer: metrics?.apiRequestObserver)
        var logger = Logger(label: "drawbridge.test")
        // DRAWBRIDGE_TEST_LOG=debug shows what the controller does while a test runs.
        logger.logLevel =
            ProcessInfo.processInfo.environment["DRAWBRIDGE_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) }
            ?? .warning
        return AccessRequestController(
            client: client, options: options, clock: clock, now: { [clock] in clock.date },
            recorder: EventRecorder(
                client: client, component: "drawbridge", now: { [clock] in clock.date }, logger: logger),
            audit: sink ?? audit, logger: logger, identity: identity, observer: observer, metrics: metrics,
            planner: planner, notifications: notifications)
    }

    /// Stops the controller (as a crash or a rollout would) and waits for it to finish.
    public func stop() async {
        guard
            let current = running.withLock({ state -> (task: Task<Void, Never>, controller: AccessRequestController)? in
                defer { state = nil }
                return state
            })
        else { return }
        current.task.cancel()
        await current.task.value
    }

    /// Polls `probe` until it returns a value (yielding and waiting briefly between tries, never
    /// moving test time); fails after `timeout` of real time with `what` in the message. The default
    /// is generous because a full parallel test run on two busy cores can starve one test for tens
    /// of seconds; it only costs time when something is really wrong.
    @discardableResult
    public func eventually<T>(
        _ what: String, timeout: Duration = .seconds(90), _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw HarnessTimeout(message: "timed out waiting until \(what)")
    }

    /// Reads a request as admin.
    public func request(_ name: String, namespace: String = "demo") async throws -> AccessRequest {
        try await emulator.client("admin").get(AccessRequest.self, name: name, namespace: namespace)
    }

    /// Waits until request `name` is in `phase`, as the emulator's watch shows it.
    @discardableResult
    public func waitFor(_ name: String, phase: AccessRequestPhase, namespace: String = "demo") async throws
        -> AccessRequest
    {
        let key = ObjectKey(namespace: namespace, name: name)
        guard
            let request = try await requests.wait(
                "\(key) is \(phase.rawValue)", for: key, until: { $0?.status?.phase == phase })
        else { throw HarnessTimeout(message: "\(key) vanished while waiting for \(phase.rawValue)") }
        return request
    }

    /// Waits until request `name` satisfies `condition` (nil: it does not exist), as the watch shows it.
    @discardableResult
    public func waitFor(
        _ name: String, namespace: String = "demo", _ what: String,
        until condition: @escaping @Sendable (AccessRequest?) -> Bool
    ) async throws -> AccessRequest? {
        let key = ObjectKey(namespace: namespace, name: name)
        return try await requests.wait("\(key) \(what)", for: key, until: condition)
    }

    /// Waits until the running controller has nothing left to do: its queue idle (nothing ready,
    /// nothing being reconciled, no requeue due) and every write of its own seen in its caches, on
    /// several looks in a row. "Nothing happened" is asserted after this, never after a sleep.
    public func settled() async throws {
        guard let controller else { return }
        var quiet = 0
        try await eventually("the controller has settled") {
            quiet = controller.isSettled ? quiet + 1 : 0
            if quiet < 20 { await Task.yield() }
            return quiet >= 20 ? true : nil
        }
    }

    /// `user` creates `request` (its requester is stamped by the webhook).
    @discardableResult
    public func create(_ request: AccessRequest, as user: String = "alice") async throws -> AccessRequest {
        var request = request
        request.metadata.uid = nil
        request.metadata.creationTimestamp = nil
        request.metadata.resourceVersion = nil
        request.status = nil
        return try await emulator.client(user).create(request)
    }

    /// `user` reviews request `name` through the status subresource, as `kubectl patch` does.
    public func review(
        _ name: String, as user: String, decision: ReviewDecision = .approve, comment: String? = nil,
        namespace: String = "demo"
    ) async throws {
        var review: [String: JSONValue] = ["decision": .string(decision.rawValue)]
        if let comment { review["comment"] = .string(comment) }
        _ = try await emulator.client(user).patch(
            AccessRequest.self, name: name, namespace: namespace,
            body: .object(["status": .object(["review": .object(review)])]), subresource: "status")
    }

    /// The grant's RoleBinding of request `name`, read as admin; nil when absent.
    public func binding(of name: String, namespace: String = "demo") async throws -> RoleBinding? {
        try await emulator.client("admin").getIfPresent(
            RoleBinding.self, name: "drawbridge-\(name)", namespace: namespace)
    }

    /// Events about request `name`, oldest first, once the running controller has written every
    /// Event it recorded (they go out in the background).
    public func events(about name: String, namespace: String = "demo") async throws -> [Event] {
        await (controller?.reconciler.recorder as? EventRecorder)?.flush()
        return try await emulator.client("admin").list(Event.self, namespace: namespace).items
            .filter { $0.involvedObject.name == name }
    }
}

/// `ControllerHarness.eventually` gave up.
public struct HarnessTimeout: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
