import Crypto
import DrawbridgeAPI
import Foundation

/// Signs and verifies the identities the admission webhook stamps, so the controller can tell an
/// identity that passed through its own webhook from one written some other way (webhook disabled,
/// its configuration deleted, or status edited by someone allowed to write it directly).
///
/// HMAC-SHA256 with a key only the controller holds (see `SigningKeyStore`). Each signature covers
/// everything a forger could profit from changing:
/// - a requester: the request's namespace and name, the whole spec it was stamped on (role,
///   duration, reason, break-glass, start) and the identity itself, so it cannot be moved to
///   another request, not even a copy of the same spec under another name, or keep a different role;
/// - an approval: the uid of the request it was recorded on, and every field of the record (an
///   Extend's duration included), so it cannot be replayed on another request or edited from Deny
///   into Approve.
///
/// Keys come from a `SigningKeyRing`: the key active now signs, every key in the ring verifies, so
/// a rotation disturbs nothing. The ring may be a fixed one or read live (`SigningKeyReloader`), so
/// every copy of a signer sees a re-read Secret at once. With a fixed ring and clock, signing is
/// pure and deterministic: the same key and fields always give the same signature.
public struct IdentitySigner: Sendable {
    /// Signatures start with this, naming the scheme so a later one can be told apart.
    public static let scheme = "hmac-sha256:"
    /// Smallest key accepted, in bytes.
    public static let minimumKeyBytes = 32

    private let ring: @Sendable () -> SigningKeyRing
    private let now: @Sendable () -> Date

    /// A signer with one `key` (at least `minimumKeyBytes` random bytes), as the Secret held before
    /// key rings: the legacy key, which also accepts name-free requester signatures.
    public init(key: [UInt8]) throws {
        let ring = try SigningKeyRing(keys: [SigningKey(bytes: key, activeFrom: nil)])
        self.init(ring: ring)
    }

    /// A signer with a fixed `ring`, choosing the signing key at `now()`.
    public init(ring: SigningKeyRing, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(ring: { ring }, now: now)
    }

    /// A signer that reads `ring()` on every use (a ring the Secret is re-read into).
    public init(ring: @escaping @Sendable () -> SigningKeyRing, now: @escaping @Sendable () -> Date) {
        self.ring = ring
        self.now = now
    }

    /// The ring signatures are checked against right now.
    public var currentRing: SigningKeyRing { ring() }

    /// A fresh random key of `minimumKeyBytes`.
    public static func generateKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    // MARK: Requester

    /// `identity` with its signature for the request `namespace`/`name` with `spec`.
    public func signed(requester identity: UserIdentity, namespace: String, name: String, spec: AccessRequestSpec)
        -> UserIdentity
    {
        var signed = identity
        let key = ring().signingKey(at: now())
        signed.signature = Self.signature(
            Self.requesterMessage(identity, namespace: namespace, name: name, spec: spec), key: key)
        return signed
    }

    /// True when `request.spec.requester` carries a signature made by a key of the ring for this
    /// very request: its namespace, name and spec. A legacy key also accepts the name-free form
    /// it made before signatures covered the name (requests created before the upgrade), but only
    /// for a spec that form could describe: it does not cover `breakGlass` or `startAt`, so a legacy
    /// signature copied onto a request that sets either vouches for nothing.
    public func verifiesRequester(of request: AccessRequest) -> Bool {
        guard let identity = request.spec.requester, let signature = identity.signature else { return false }
        let namespace = request.metadata.namespace ?? ""
        let message = Self.requesterMessage(
            identity, namespace: namespace, name: request.metadata.name ?? "", spec: request.spec)
        let ring = ring()
        if ring.keys.contains(where: { Self.verify(signature, message, key: $0) }) { return true }
        guard request.spec.breakGlass == nil, request.spec.startAt == nil else { return false }
        let legacy = Self.legacyRequesterMessage(identity, namespace: namespace, spec: request.spec)
        return ring.keys.contains { $0.isLegacy && Self.verify(signature, legacy, key: $0) }
    }

    // MARK: Approvals

    /// `record` with its signature, bound to the request with `requestUID`.
    public func signed(approval record: ApprovalRecord, requestUID: String) -> ApprovalRecord {
        var signed = record
        let key = ring().signingKey(at: now())
        signed.signature = Self.signature(Self.approvalMessage(record, requestUID: requestUID), key: key)
        return signed
    }

    /// True when `record` carries a signature made by a key of the ring for the request with
    /// `requestUID`.
    public func verifies(approval record: ApprovalRecord, requestUID: String) -> Bool {
        guard let signature = record.signature else { return false }
        let message = Self.approvalMessage(record, requestUID: requestUID)
        return ring().keys.contains { Self.verify(signature, message, key: $0) }
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

    /// A spec without `breakGlass` or `startAt` signs as before they existed (v2), so requests
    /// signed earlier still verify; with either, both are covered too (v3), so neither can be added,
    /// removed or moved.
    static func requesterMessage(
        _ identity: UserIdentity, namespace: String, name: String, spec: AccessRequestSpec
    ) -> [UInt8] {
        let groups = identity.groups ?? []
        let fields =
            [
                namespace, name, spec.role.kind, spec.role.name, spec.duration ?? "", spec.reason ?? "",
                identity.username, identity.uid ?? "", String(groups.count),
            ] + groups
        guard spec.breakGlass != nil || spec.startAt != nil else {
            return encode(["drawbridge.dev/requester/v2"] + fields)
        }
        let breakGlass = spec.breakGlass.map { $0 ? "true" : "false" } ?? ""
        return encode(["drawbridge.dev/requester/v3"] + fields + [breakGlass, spec.startAt?.description ?? ""])
    }

    /// The requester message before it covered the request's name: verified only under the legacy
    /// key, never signed any more.
    static func legacyRequesterMessage(_ identity: UserIdentity, namespace: String, spec: AccessRequestSpec)
        -> [UInt8]
    {
        let groups = identity.groups ?? []
        return encode(
            [
                "drawbridge.dev/requester/v1", namespace, spec.role.kind, spec.role.name, spec.duration ?? "",
                spec.reason ?? "", identity.username, identity.uid ?? "", String(groups.count),
            ] + groups)
    }

    /// A record without a duration signs as it always has (v1), so records signed before extensions
    /// existed still verify; an Extend's duration is covered too (v2), so it cannot be edited.
    static func approvalMessage(_ record: ApprovalRecord, requestUID: String) -> [UInt8] {
        let groups = record.groups ?? []
        let fields = [
            requestUID, record.user, record.decision.rawValue, record.comment ?? "", record.time.description,
            String(groups.count),
        ]
        guard let duration = record.duration else { return encode(["drawbridge.dev/approval/v1"] + fields + groups) }
        return encode(["drawbridge.dev/approval/v2"] + fields + groups + [duration])
    }

    static func signature(_ message: [UInt8], key: SigningKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key.bytes))
        return scheme + Data(mac).base64EncodedString()
    }

    static func verify(_ signature: String, _ message: [UInt8], key: SigningKey) -> Bool {
        guard signature.hasPrefix(scheme), let mac = Data(base64Encoded: String(signature.dropFirst(scheme.count)))
        else { return false }
        // Constant time: a timing side channel must not reveal how much of a forgery was right.
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: message, using: SymmetricKey(data: key.bytes))
    }
}

/// A signing key that cannot be used, with the reason in one line.
public struct IdentitySignerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
