import DrawbridgeAPI
import Foundation
import KubeClient
import Logging

/// Writes the CA of a self-signed webhook certificate into the `clientConfig.caBundle` of every webhook
/// in Drawbridge's webhook configurations, so the API server trusts a certificate the controller made
/// itself (`drawbridge controller --webhook-self-signed`, for clusters without cert-manager).
///
/// A configuration that does not exist is reported and skipped (the webhook may be installed later, or
/// on purpose not at all); a write that races another (409) is retried on the fresh object. Any other
/// failure throws: without the CA the API server would refuse every AccessRequest write.
public struct CABundleInjector: Sendable {
    /// One webhook configuration to patch.
    public struct Target: Sendable, Hashable, CustomStringConvertible {
        public var kind: String
        /// The resource name in `admissionregistration.k8s.io/v1`.
        public var plural: String
        public var name: String

        public init(kind: String, plural: String, name: String) {
            self.kind = kind
            self.plural = plural
            self.name = name
        }

        var path: String { "/apis/admissionregistration.k8s.io/v1/\(plural)/\(name)" }
        public var description: String { "\(kind) \(name)" }
    }

    /// What happened to one configuration.
    public enum Outcome: Sendable, Hashable {
        /// Every one of its `webhooks` now trusts the CA.
        case patched(webhooks: Int)
        /// It does not exist.
        case missing
    }

    /// The MutatingWebhookConfiguration and the ValidatingWebhookConfiguration named `drawbridge`.
    public static let drawbridgeTargets: [Target] = [
        Target(
            kind: "MutatingWebhookConfiguration", plural: "mutatingwebhookconfigurations",
            name: WebhookServer.configurationName),
        Target(
            kind: "ValidatingWebhookConfiguration", plural: "validatingwebhookconfigurations",
            name: WebhookServer.configurationName),
    ]

    let client: KubeClient
    let targets: [Target]
    let maxAttempts: Int
    let retryDelay: Duration
    let logger: Logger

    /// `maxAttempts` bounds the tries per configuration (conflicts, and transient errors after `retryDelay`).
    public init(
        client: KubeClient, targets: [Target] = Self.drawbridgeTargets, maxAttempts: Int = 5,
        retryDelay: Duration = .milliseconds(500), logger: Logger = Logger(label: "drawbridge.webhook")
    ) {
        self.client = client
        self.targets = targets
        self.maxAttempts = max(1, maxAttempts)
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Sets `caBundle` to `caPEM` (base64, as the API wants it) on every webhook of every target.
    @discardableResult
    public func inject(caPEM: String) async throws -> [Target: Outcome] {
        let bundle = Data(caPEM.utf8).base64EncodedString()
        var outcomes: [Target: Outcome] = [:]
        for target in targets {
            let outcome = try await inject(bundle: bundle, into: target)
            switch outcome {
            case .patched(let count):
                logger.info("wrote the webhook CA bundle into \(target) (\(count) webhook(s))")
            case .missing:
                logger.warning("\(target) does not exist, so no CA bundle was written into it")
            }
            outcomes[target] = outcome
        }
        return outcomes
    }

    func inject(bundle: String, into target: Target) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                let current = try JSONValue.parse(
                    try await client.send(KubeRequest(method: "GET", path: target.path)).body)
                let webhooks = current["webhooks"]?.arrayValue ?? []
                // The resourceVersion makes the patch conditional: the indices below are those of the
                // object just read, and a concurrent edit answers 409 instead of patching the wrong webhook.
                var operations: [JSONValue] = [
                    [
                        "op": "replace", "path": "/metadata/resourceVersion",
                        "value": current[path: ["metadata", "resourceVersion"]] ?? "",
                    ]
                ]
                for index in webhooks.indices {
                    operations.append([
                        "op": "add", "path": .string("/webhooks/\(index)/clientConfig/caBundle"),
                        "value": .string(bundle),
                    ])
                }
                _ = try await client.send(
                    KubeRequest(
                        method: "PATCH", path: target.path,
                        headers: ["Content-Type": KubeClient.PatchType.json.rawValue],
                        body: Array(try JSONCoding.encoder.encode(JSONValue.array(operations)))))
                return .patched(webhooks: webhooks.count)
            } catch let error as APIError where error.isNotFound {
                return .missing
            } catch let error as APIError where (error.isConflict || error.isTransient) && attempt < maxAttempts {
                logger.debug("retrying the CA bundle write into \(target): \(error)")
                if !error.isConflict { try await Task.sleep(for: retryDelay) }
                attempt += 1
            }
        }
    }
}
