import DrawbridgeAPI
import Foundation

/// Which grant bindings may go in one call per namespace when many fall due together: a
/// `deletecollection` per namespace (and one for the ClusterRoleBindings of cluster-wide grants,
/// which have none) whose label selector names the due `drawbridge.dev/expiry` instants. Each
/// request's own reconcile then confirms (its status, audit record and Event).
///
/// Never early: an instant is selected only when it is not after `now`, and only when every binding
/// known to carry it belongs to a request that is itself due (its `status.expiresAt` not after
/// `now`), finished, or gone. A binding whose label says one thing while its request says later
/// (an extension being written, or a hand-edited label) keeps its instant out of the batch; its own
/// reconcile deals with it.
public enum DueBindings {
    /// One call: the managed bindings of `namespace` (nil: the managed ClusterRoleBindings) whose
    /// expiry label is one of `instants`.
    public struct Batch: Hashable, Sendable {
        public var namespace: String?
        /// Label values (Unix seconds), ascending.
        public var instants: [String]

        public init(namespace: String?, instants: [String]) {
            self.namespace = namespace
            self.instants = instants
        }

        /// The label selector for this batch.
        public var labelSelector: String {
            "\(Drawbridge.Keys.managedBy)=\(Drawbridge.Keys.managedByValue),"
                + "\(Drawbridge.Keys.expiryLabel) in (\(instants.joined(separator: ",")))"
        }

        /// True when the selector matches `binding` (what the API server will delete).
        public func matches(_ binding: RoleBinding) -> Bool {
            binding.metadata.namespace == namespace
                && binding.metadata.labels?[Drawbridge.Keys.managedBy] == Drawbridge.Keys.managedByValue
                && instants.contains(binding.metadata.labels?[Drawbridge.Keys.expiryLabel] ?? "")
        }
    }

    /// Label values per call at most, so a selector stays a short query string.
    public static let instantsPerBatch = 100

    /// The batches that remove every binding due at `now` that may safely go in bulk. `request`
    /// finds the request a binding belongs to (by namespace and name; no namespace for a
    /// ClusterRoleBinding and its ClusterAccessRequest), nil when there is none. The
    /// ClusterRoleBindings' batches come first.
    public static func batches(
        bindings: [RoleBinding], request: (ObjectKey) -> AccessRequest?, now: Date
    ) -> [Batch] {
        var due: [String?: Set<String>] = [:]
        var blocked: [String?: Set<String>] = [:]
        for binding in bindings {
            let namespace = binding.metadata.namespace
            guard let label = binding.metadata.labels?[Drawbridge.Keys.expiryLabel],
                let instant = GrantBinding.labelledExpiry(of: binding), instant <= now
            else { continue }
            let owner = binding.metadata.labels?[Drawbridge.Keys.request].flatMap {
                request(ObjectKey(namespace: namespace, name: $0))
            }
            if isDue(owner, now: now) {
                due[namespace, default: []].insert(label)
            } else {
                blocked[namespace, default: []].insert(label)
            }
        }
        return due.keys.sorted { ($0 ?? "") < ($1 ?? "") }.flatMap { namespace in
            let instants = due[namespace, default: []].subtracting(blocked[namespace, default: []])
                .sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }
            return stride(from: 0, to: instants.count, by: instantsPerBatch).map {
                Batch(namespace: namespace, instants: Array(instants[$0..<min($0 + instantsPerBatch, instants.count)]))
            }
        }
    }

    /// A binding's request is due when it is gone, finished, or granted with an expiry not after now.
    static func isDue(_ request: AccessRequest?, now: Date) -> Bool {
        guard let request else { return true }
        guard let phase = request.status?.phase else { return false }
        if phase.isTerminal { return true }
        guard phase == .active || phase == .approved, let expiresAt = request.status?.expiresAt else { return false }
        return expiresAt.date <= now
    }
}
