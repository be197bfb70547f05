import DrawbridgeAPI

/// What retiring signing keys would break. A request still in play (new, Pending, Approved or
/// Active) whose requester or one of whose reviews verifies only under a retiring key would be
/// Rejected or Revoked once the key is gone (its requester unverified, or its grant no longer
/// backed by enough verified approvals). Nothing a kept key signed is affected: retiring re-signs
/// nothing and revokes nothing that a current key signed.
public enum KeyRetirement {
    /// One request that depends on a retiring key, and on which of its signatures.
    public struct Dependent: Hashable, Sendable, CustomStringConvertible {
        /// `namespace/name`.
        public var request: String
        /// `requester`, `review by bob`, ...
        public var signatures: [String]

        /// `demo/alice-edit (requester, review by bob)`.
        public var description: String { "\(request) (\(signatures.joined(separator: ", ")))" }
    }

    /// The requests in `requests` still in play that verify under `ring` but would not under `kept`,
    /// sorted by namespace and name.
    public static func dependents(of requests: [AccessRequest], ring: SigningKeyRing, kept: SigningKeyRing)
        -> [Dependent]
    {
        let before = IdentitySigner(ring: ring)
        let after = IdentitySigner(ring: kept)
        var dependents: [Dependent] = []
        for request in requests where !(request.status?.phase?.isTerminal ?? false) {
            var signatures: [String] = []
            if before.verifiesRequester(of: request) && !after.verifiesRequester(of: request) {
                signatures.append("requester")
            }
            let uid = request.metadata.uid ?? ""
            for record in request.status?.approvals ?? []
            where before.verifies(approval: record, requestUID: uid)
                && !after.verifies(approval: record, requestUID: uid)
            {
                signatures.append("\(record.decision.rawValue) by \(record.user)")
            }
            guard !signatures.isEmpty else { continue }
            dependents.append(
                Dependent(
                    request: "\(request.metadata.namespace ?? "")/\(request.metadata.name ?? "")",
                    signatures: signatures))
        }
        return dependents.sorted { $0.request < $1.request }
    }
}
