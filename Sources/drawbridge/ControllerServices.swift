import ArgumentParser
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import ServiceLifecycle
import UnixSignals

/// The AccessRequest controller as a ServiceLifecycle service: it stops taking work and returns when
/// the group shuts down gracefully (SIGTERM, SIGINT).
struct AccessRequestControllerService: Service {
    let controller: AccessRequestController

    func run() async throws {
        await cancelWhenGracefulShutdown { await controller.run() }
    }
}

/// The options `controller` and `dev` share: what to watch, how hard to hit the API, where audit goes.
struct ControllerOptions: ParsableArguments {
    @Option(help: "Watch only this namespace (default: all namespaces).")
    var namespace: String?

    @Option(help: "Audit log as JSON Lines: a file path, or - for standard output.")
    var auditLog: String?

    @Option(help: "Requests reconciled in parallel (one request never twice at once).")
    var workers: Int = AccessRequestController.Options.defaultWorkers

    @Option(
        help:
            "Client-side limit on API requests per second (0 disables). Revocations go first, then grants; Events get a fifth of it on their own."
    )
    var qps: Double = 200

    @Option(help: "Client-side burst above --qps.")
    var burst: Int = 1000

    @Option(help: "HTTPS port of the admission webhook (0 disables it).")
    var webhookPort: Int = 9443

    @Option(
        help: ArgumentHelp(
            "NAMESPACE/NAME of the Secret holding the identity signing key, created when missing (default: drawbridge-signing-key in the pod's namespace; dev: drawbridge-system).",
            valueName: "namespace/name"))
    var signingKeySecret: String?

    @Option(
        help: ArgumentHelp(
            "Unfinished AccessRequests (Pending, Approved, Scheduled, Active) one requester may have at once, under policies without maxActivePerRequester (default: no limit).",
            valueName: "count"))
    var maxActivePerRequester: Int?

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard qps >= 0, burst >= 1 else { throw ValidationError("--qps must be >= 0 and --burst >= 1") }
        guard (0...65535).contains(webhookPort) else { throw ValidationError("--webhook-port must be 0-65535") }
        if let maxActivePerRequester, maxActivePerRequester < 1 {
            throw ValidationError("--max-active-per-requester must be at least 1, got \(maxActivePerRequester)")
        }
        if let signingKeySecret, Self.location(signingKeySecret) == nil {
            throw ValidationError("--signing-key-secret must be NAMESPACE/NAME, got \"\(signingKeySecret)\"")
        }
    }

    /// The audit sink `--audit-log` names, each write's outcome counted in `metrics`.
    func auditSink(metrics: DrawbridgeMetrics) throws -> any AuditSink {
        guard let auditLog, !auditLog.isEmpty else {
            return ObservedAuditSink(DiscardingAuditSink(), observer: metrics.auditObserver)
        }
        do {
            return ObservedAuditSink(try JSONLinesAuditSink(path: auditLog), observer: metrics.auditObserver)
        } catch {
            throw CLIError("--audit-log \(auditLog): \(error)")
        }
    }

    /// `--signing-key-secret`, or `drawbridge-signing-key` in `namespace` (where Drawbridge is installed).
    func signingKeyLocation(namespace: String) -> (namespace: String, name: String) {
        signingKeySecret.flatMap(Self.location) ?? (namespace, SigningKeyStore.defaultName)
    }

    /// `NAMESPACE/NAME` split; nil when it is not that.
    static func location(_ text: String) -> (namespace: String, name: String)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// The identity signing keys from the signing-key Secret (the first one generated when the
    /// Secret is missing), re-read while the controller runs: run the reloader as a service and
    /// sign with its `signer`.
    func loadSigningKeys(client: KubeClient, namespace: String, logger: Logger) async throws -> SigningKeyReloader {
        let location = signingKeyLocation(namespace: namespace)
        let store = SigningKeyStore(client: client, namespace: location.namespace, name: location.name)
        do {
            return SigningKeyReloader(store: store, initial: try await store.loadOrCreateRing(), logger: logger)
        } catch {
            throw CLIError(
                "loading the identity signing key from Secret \(location.namespace)/\(location.name): \(error)")
        }
    }

    /// The controller, talking through `client`, trusting identities signed by `signer`, recording into `metrics`.
    func makeController(
        client: KubeClient, audit: any AuditSink, signer: IdentitySigner, leaderElection: LeaderElectionConfig? = nil,
        logger: Logger, metrics: DrawbridgeMetrics? = nil, notifications: NotificationDispatcher.Settings? = nil
    ) -> AccessRequestController {
        AccessRequestController(
            client: client,
            options: .init(
                namespace: namespace, workers: workers, leaderElection: leaderElection,
                policyDefaults: PolicyDefaults(maxActivePerRequester: maxActivePerRequester)),
            clock: ContinuousClock(),
            now: { Date() },
            recorder: EventRecorder(
                client: client, component: "drawbridge-controller", now: { Date() }, logger: logger),
            audit: audit, logger: logger, identity: .signed(by: signer), metrics: metrics, notifications: notifications)
    }

    func rateLimiter() -> RateLimiter? {
        qps > 0 ? RateLimiter(qps: qps, burst: burst, clock: ContinuousClock()) : nil
    }
}
