import DrawbridgeAPI
import Foundation
import KubeClient

/// Where the controller keeps its identity signing key: a Secret in its own namespace that only it
/// may read (config/rbac/signing_key_role.yaml). Every replica and restart must sign and verify
/// with the same key, so it cannot live in memory; the first controller to start generates it.
public struct SigningKeyStore: Sendable {
    /// The Secret's default namespace and name (`--signing-key-secret`).
    public static let defaultNamespace = "drawbridge-system"
    public static let defaultName = "drawbridge-signing-key"
    /// The data key holding the raw key bytes.
    public static let dataKey = "hmac-sha256.key"

    public let client: KubeClient
    public let namespace: String
    public let name: String

    public init(client: KubeClient, namespace: String = defaultNamespace, name: String = defaultName) {
        self.client = client
        self.namespace = namespace
        self.name = name
    }

    /// The signer with the stored key; when the Secret does not exist, creates it with a fresh
    /// random key. Two replicas racing both end up with the key of the one that created it.
    public func loadOrCreate() async throws -> IdentitySigner {
        for _ in 0..<3 {
            if let secret = try await client.getIfPresent(Secret.self, name: name, namespace: namespace) {
                return try signer(from: secret)
            }
            let key = IdentitySigner.generateKey()
            var metadata = ObjectMeta(name: name, namespace: namespace)
            metadata.labels = [Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue]
            let secret = Secret(metadata: metadata, data: [Self.dataKey: Data(key).base64EncodedString()])
            do {
                _ = try await client.create(secret)
                return try IdentitySigner(key: key)
            } catch let error as APIError where error.isAlreadyExists {
                continue  // another replica created it first: use theirs
            }
        }
        throw SigningKeyError(
            "Secret \(namespace)/\(name) keeps appearing and disappearing; cannot settle on a signing key")
    }

    func signer(from secret: Secret) throws -> IdentitySigner {
        guard let encoded = secret.data?[Self.dataKey], let key = Data(base64Encoded: encoded) else {
            throw SigningKeyError(
                "Secret \(namespace)/\(name) has no \(Self.dataKey); delete it and the controller generates a new key")
        }
        do {
            return try IdentitySigner(key: Array(key))
        } catch {
            throw SigningKeyError("Secret \(namespace)/\(name): \(error)")
        }
    }
}

/// The signing key cannot be loaded, in one line.
public struct SigningKeyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
