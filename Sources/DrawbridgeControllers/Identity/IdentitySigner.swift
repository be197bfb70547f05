import Crypto
import DrawbridgeAPI
import Foundation

/// Signs and verifies the identities the admission webhook stamps, so the controller can tell an
/// identity that passed through its own webhook from one written some other way (webhook disabled,
/// its configuration deleted, or status edited by someone allowed to write it directly).
///
/// HMAC-SHA256 with a key only the controller holds (see `SigningKeyStore`). Each signature covers
/// everything a forger could profit from changing:
/// - a requester: the namespace and the whole spec it was stamped on (role, duration, reason) and
///   the identity itself, so it cannot be moved to another request or keep a different role;
/// - an approval: the uid of the request it was recorded on, and every field of the record, so it
///   cannot be replayed on another request or edited from Deny into Approve.
///
/// Pure and deterministic: the same key and fields always give the same signature.
public struct IdentitySigner: Sendable {
    /// Signatures start with this, naming the scheme so a later one can be told apart.
    public static let scheme = "hmac-sha256:"
    /// Smallest key accepted, in bytes.
    public static let minimumKeyBytes = 32

    /// Raw bytes: `SymmetricKey` is not `Sendable`, so one is made per use (cheap).
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// A signer with `key` (at least `minimumKeyBytes` random bytes).
    public init(key: [UInt8]) throws {
        guard key.count >= Self.minimumKeyBytes else {
            throw IdentitySignerError(
                "the signing key has \(key.count) bytes; at least \(Self.minimumKeyBytes) are needed")
        }
        self.keyBytes = key
    }

    /// A fresh random key of `minimumKeyBytes`.
    public static func generateKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    // MARK: Requester

    /// `identity` with its signature for a request in `namespace` with `spec`.
    public func signed(requester identity: UserIdentity, namespace: String, spec: AccessRequestSpec) -> UserIdentity {
        var signed = identity
        signed.signature = signature(Self.requesterMessage(identity, namespace: namespace, spec: spec))
        return signed
    }

    /// True when `request.spec.requester` carries a signature made by this key for this request.
    public func verifiesRequester(of request: AccessRequest) -> Bool {
        guard let identity = request.spec.requester, let signature = identity.signature else { return false }
        let message = Self.requesterMessage(identity, namespace: request.metadata.namespace ?? "", spec: request.spec)
        return verify(signature, message)
    }

    // MARK: Approvals

    /// `record` with its signature, bound to the request with `requestUID`.
    public func signed(approval record: ApprovalRecord, requestUID: String) -> ApprovalRecord {
        var signed = record
        signed.signature = signature(Self.approvalMessage(record, requestUID: requestUID))
        return signed
    }

    /// True when `record` carries a signature made by this key for the request with `requestUID`.
    public func verifies(approval record: ApprovalRecord, requestUID: String) -> Bool {
        guard let signature = record.signature else { return false }
        return verify(signature, Self.approvalMessage(record, requestUID: requestUID))
    }

    // MARK: Messages

    /// Length-prefixed fields, so no choice of values can make two different field lists collide.
    static func encode(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8 + [0x0A]
        }
        return bytes
    }

    static func requesterMessage(_ identity: UserIdentity, namespace: String, spec: AccessRequestSpec) -> [UInt8] {
        let groups = identity.groups ?? []
        return encode(
            [
                "drawbridge.dev/requester/v1", namespace, spec.role.kind, spec.role.name, spec.duration ?? "",
                spec.reason ?? "", identity.username, identity.uid ?? "", String(groups.count),
            ] + groups)
    }

    static func approvalMessage(_ record: ApprovalRecord, requestUID: String) -> [UInt8] {
        let groups = record.groups ?? []
        return encode(
            [
                "drawbridge.dev/approval/v1", requestUID, record.user, record.decision.rawValue, record.comment ?? "",
                record.time.description, String(groups.count),
            ] + groups)
    }

    private func signature(_ message: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return Self.scheme + Data(mac).base64EncodedString()
    }

    private func verify(_ signature: String, _ message: [UInt8]) -> Bool {
        guard signature.hasPrefix(Self.scheme),
            let mac = Data(base64Encoded: String(signature.dropFirst(Self.scheme.count)))
        else { return false }
        // Constant time: a timing side channel must not reveal how much of a forgery was right.
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: key)
    }
}

/// A signing key that cannot be used, with the reason in one line.
public struct IdentitySignerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
