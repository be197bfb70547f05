import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The signing key ring as currently found in its Secret, re-read while the controller runs, so a
/// key added by `drawbridge keys rotate` (or one retired) takes effect in every replica without a
/// restart. `signer` hands out an `IdentitySigner` that reads the current ring on every use: the
/// webhook and the controller's verifier built from it see each reload at once.
///
/// A Secret that disappears or stops parsing keeps the previous ring in use and logs one warning
/// per change: a broken edit must not leave the webhook unable to sign or the controller unable to
/// verify what it signed a moment ago.
public final class SigningKeyReloader: Service, Sendable {
    /// What one `reload()` did.
    public enum Outcome: Sendable, Equatable {
        /// The Secret holds the ring already in use.
        case unchanged
        /// A different ring is in use from now on.
        case replaced
        /// The Secret could not be read or used; the previous ring stays. Carries why.
        case rejected(String)
    }

    /// How often `run()` re-reads the Secret. A new key's activation delay (`drawbridge keys
    /// rotate --activate-in`, default 1m) must be longer, so that every replica knows a key before
    /// any replica signs with it.
    public static let defaultInterval: Duration = .seconds(10)

    public let store: SigningKeyStore
    public let interval: Duration
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    private let state: Mutex<(ring: SigningKeyRing, rejected: String?)>

    /// Starts from `ring` (as loaded at start-up) and re-reads `store` every `interval` of `clock`.
    public init(
        store: SigningKeyStore, initial ring: SigningKeyRing, interval: Duration = defaultInterval,
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "drawbridge.signing-keys")
    ) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.now = now
        self.logger = logger
        state = Mutex((ring, nil))
    }

    /// The ring in use.
    public var ring: SigningKeyRing { state.withLock { $0.ring } }

    /// A signer that always uses the ring in use and picks the signing key by `now`.
    public var signer: IdentitySigner {
        IdentitySigner(ring: { [self] in ring }, now: now)
    }

    /// Reads the Secret once and switches to its ring when it differs and is usable.
    @discardableResult
    public func reload() async -> Outcome {
        let outcome: Outcome
        do {
            guard let (_, ring) = try await store.read() else {
                throw SigningKeyError("Secret \(store.location) is gone")
            }
            outcome = state.withLock { current in
                current.rejected = nil
                guard current.ring != ring else { return .unchanged }
                current.ring = ring
                return .replaced
            }
        } catch {
            let reason = "\(error)"
            let repeated = state.withLock { current in
                defer { current.rejected = reason }
                return current.rejected == reason
            }
            if !repeated { logger.warning("keeping the current signing keys: \(reason)") }
            return .rejected(reason)
        }
        if outcome == .replaced {
            let ring = self.ring
            logger.info(
                "signing keys reloaded from Secret \(store.location): \(ring.keys.map(\.name).joined(separator: ", ")); signing with \(ring.signingKey(at: now()).name)"
            )
        }
        return outcome
    }

    /// Calls `reload()` every `interval` until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await repeatEvery(self.interval, on: self.clock) { await self.reload() }
        }
    }
}
