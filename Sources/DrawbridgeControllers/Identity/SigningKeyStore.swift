import DrawbridgeAPI
import Foundation
import KubeClient

/// Where the controller keeps its identity signing keys: a Secret in its own namespace that only it
/// may read (config/rbac/signing_key_role.yaml). Every replica and restart must sign and verify
/// with the same keys, so they cannot live in memory; the first controller to start generates the
/// first key. The Secret holds a `SigningKeyRing` (`drawbridge keys rotate` adds to it); the
/// single-key format of earlier releases (`hmac-sha256.key`) is read as a ring of one legacy key.
public struct SigningKeyStore: Sendable {
    /// The Secret's default namespace and name (`--signing-key-secret`).
    public static let defaultNamespace = "drawbridge-system"
    public static let defaultName = "drawbridge-signing-key"
    /// The data key of the single-key format of earlier releases.
    public static let dataKey = SigningKey.legacyDataKey

    public let client: KubeClient
    public let namespace: String
    public let name: String
    /// The wall clock: a generated first key signs from the moment it is made.
    let now: @Sendable () -> Date

    public init(
        client: KubeClient, namespace: String = defaultNamespace, name: String = defaultName,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.namespace = namespace
        self.name = name
        self.now = now
    }

    /// `NAMESPACE/NAME`, for messages.
    public var location: String { "\(namespace)/\(name)" }

    /// A signer with the stored ring; when the Secret does not exist, creates it with a fresh random
    /// key. Two replicas racing both end up with the key of the one that created it.
    public func loadOrCreate() async throws -> IdentitySigner {
        IdentitySigner(ring: try await loadOrCreateRing(), now: now)
    }

    /// The stored ring, creating the Secret with one fresh key when it does not exist.
    public func loadOrCreateRing() async throws -> SigningKeyRing {
        for _ in 0..<3 {
            if let (_, ring) = try await read() { return ring }
            let ring = try SigningKeyRing(keys: [SigningKey(bytes: IdentitySigner.generateKey(), activeFrom: now())])
            var metadata = ObjectMeta(name: name, namespace: namespace)
            metadata.labels = [Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue]
            do {
                _ = try await client.create(Secret(metadata: metadata, data: ring.secretData))
                return ring
            } catch let error as APIError where error.isAlreadyExists {
                continue  // another replica created it first: use theirs
            }
        }
        throw SigningKeyError("Secret \(location) keeps appearing and disappearing; cannot settle on a signing key")
    }

    /// The Secret and the ring in it; nil when the Secret does not exist. A Secret without a usable
    /// key is an error that says what to fix.
    public func read() async throws -> (Secret, SigningKeyRing)? {
        guard let secret = try await client.getIfPresent(Secret.self, name: name, namespace: namespace) else {
            return nil
        }
        return (secret, try ring(from: secret))
    }

    /// Writes `ring` into `secret` (as read), replacing every signing key in it and keeping its other
    /// data; the write fails with a conflict when the Secret changed since it was read.
    public func write(_ ring: SigningKeyRing, into secret: Secret) async throws {
        var updated = secret
        var data = secret.data ?? [:]
        for key in data.keys where key == SigningKey.legacyDataKey || key.hasPrefix(SigningKey.prefix) {
            data[key] = nil
        }
        data.merge(ring.secretData) { _, new in new }
        updated.data = data
        _ = try await client.update(updated)
    }

    func ring(from secret: Secret) throws -> SigningKeyRing {
        do {
            return try SigningKeyRing(secretData: secret.data ?? [:])
        } catch {
            throw SigningKeyError("Secret \(location): \(error); delete it and the controller generates a new key")
        }
    }
}

/// The signing key cannot be loaded, in one line.
public struct SigningKeyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
