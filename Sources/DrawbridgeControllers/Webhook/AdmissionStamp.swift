import DrawbridgeAPI

/// The last touch on every identity the webhook writes: the requester it stamps on create and each
/// approval it records. Unsigned by default.
///
/// Exists so that signing (design.md: an HMAC with a key only the controller holds, letting the
/// controller ignore identities that never passed through its webhook) slots in without changing
/// the admission rules. The closures get the admission request too, so a signature can bind the
/// namespace, name and uid of the object it was made for.
public struct AdmissionStamp: Sendable {
    /// Finishes the requester identity stamped on a new AccessRequest (e.g. sets `signature`).
    public var requester: @Sendable (_ identity: UserIdentity, _ request: AdmissionRequest) -> UserIdentity
    /// Finishes an approval record before it is appended to `status.approvals`.
    public var approval: @Sendable (_ record: ApprovalRecord, _ request: AdmissionRequest) -> ApprovalRecord

    /// A stamp made of two finishing closures.
    public init(
        requester: @escaping @Sendable (_ identity: UserIdentity, _ request: AdmissionRequest) -> UserIdentity,
        approval: @escaping @Sendable (_ record: ApprovalRecord, _ request: AdmissionRequest) -> ApprovalRecord
    ) {
        self.requester = requester
        self.approval = approval
    }

    /// Leaves identities as the API server reported them, without a signature.
    public static let unsigned = AdmissionStamp(
        requester: { identity, _ in identity }, approval: { record, _ in record })
}
