import Crypto
import DrawbridgeAPI
import Foundation

/// One line of the audit log: what happened to which request, for whom, under which policy.
/// Events expire after an hour in a cluster; these records are the durable trail. The planner
/// builds them (so the decision and its record come from one place); sinks only write them.
public struct AuditRecord: Codable, Hashable, Sendable {
    /// Unique per transition and stable across retries of the same transition, so a consumer of an
    /// at-least-once log drops duplicates by `id`.
    public var id: String
    public var time: KubeTime
    /// What happened; the Event about it has the same reason.
    public var action: AuditAction
    /// `Normal` or `Warning`, as the Event.
    public var type: String
    public var request: RequestRef
    public var requester: String?
    /// The grant's subject (`User "alice"`, `ServiceAccount ci/deployer`).
    public var subject: String?
    /// `ClusterRole/edit`.
    public var role: String
    public var policy: String?
    public var phase: String?
    public var approvers: [String]
    public var expiresAt: KubeTime?
    public var roleBinding: String?
    public var message: String

    /// Which AccessRequest (or ClusterAccessRequest) a record is about.
    public struct RequestRef: Codable, Hashable, Sendable {
        /// Empty for a ClusterAccessRequest.
        public var namespace: String
        public var name: String
        public var uid: String
        /// `ClusterAccessRequest` for a cluster-wide request; absent for an AccessRequest (so records
        /// written before cluster-wide grants existed read the same).
        public var kind: String?

        public init(namespace: String, name: String, uid: String, kind: String? = nil) {
            self.namespace = namespace
            self.name = name
            self.uid = uid
            self.kind = kind
        }
    }

    public init(
        id: String, time: KubeTime, action: AuditAction, type: String, request: RequestRef, requester: String?,
        subject: String?, role: String, policy: String?, phase: String?, approvers: [String], expiresAt: KubeTime?,
        roleBinding: String?, message: String
    ) {
        self.id = id
        self.time = time
        self.action = action
        self.type = type
        self.request = request
        self.requester = requester
        self.subject = subject
        self.role = role
        self.policy = policy
        self.phase = phase
        self.approvers = approvers
        self.expiresAt = expiresAt
        self.roleBinding = roleBinding
        self.message = message
    }

    /// A stable id from the request's uid, the action, the phase change and `discriminator`
    /// (e.g. the observed binding's resourceVersion for repairs).
    public static func makeID(
        requestUID: String, action: AuditAction, from: AccessRequestPhase?, to: AccessRequestPhase?,
        discriminator: String
    ) -> String {
        let text = [requestUID, action.rawValue, from?.rawValue ?? "-", to?.rawValue ?? "-", discriminator]
            .joined(separator: "|")
        return SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// One JSON line, keys sorted.
    public func jsonLine() throws -> String {
        String(decoding: try JSONCoding.encoder.encode(self), as: UTF8.self)
    }
}
