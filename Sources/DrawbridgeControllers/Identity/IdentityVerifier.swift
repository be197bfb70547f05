import DrawbridgeAPI

/// How the controller decides whether to trust the identities recorded on a request: the requester
/// stamped on create, and each approval record. Untrusted ones count for nothing (fail closed).
public struct IdentityVerifier: Sendable {
    /// True when `spec.requester` was stamped by our webhook for this very spec.
    public var requester: @Sendable (_ request: AccessRequest) -> Bool
    /// True when `record` was recorded by our webhook on this very request.
    public var approval: @Sendable (_ record: ApprovalRecord, _ request: AccessRequest) -> Bool

    public init(
        requester: @escaping @Sendable (_ request: AccessRequest) -> Bool,
        approval: @escaping @Sendable (_ record: ApprovalRecord, _ request: AccessRequest) -> Bool
    ) {
        self.requester = requester
        self.approval = approval
    }

    /// Trusts identities whose HMAC verifies under `signer`'s key.
    public static func signed(by signer: IdentitySigner) -> IdentityVerifier {
        IdentityVerifier(
            requester: { signer.verifiesRequester(of: $0) },
            approval: { record, request in signer.verifies(approval: record, requestUID: request.metadata.uid ?? "") })
    }
}
