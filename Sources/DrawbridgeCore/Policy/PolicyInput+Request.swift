import DrawbridgeAPI
import Foundation

extension PolicyInput {
    /// The engine's input for `request` as written: the one place each request field maps to the
    /// engine's input, so the planner, the webhook, the plugin and `drawbridge policy check` judge a
    /// request alike. With `now`, `spec.startAt` becomes a lead time (judged against `maxLeadTime`);
    /// a cluster-wide request has no namespace, so no namespace labels.
    public init(request: AccessRequest, namespaceLabels: [String: String], roleRules: [PolicyRule]?, now: Date?) {
        self.init(
            requester: request.spec.requester ?? UserIdentity(username: ""),
            namespace: request.metadata.namespace ?? "",
            namespaceLabels: request.isClusterWide ? [:] : namespaceLabels, role: request.spec.role,
            duration: request.spec.duration, reason: request.spec.reason, roleRules: roleRules,
            breakGlass: request.spec.breakGlass == true,
            leadTime: now.flatMap { now in
                request.spec.startAt.map { Duration(timeInterval: $0.date.timeIntervalSince(now)) }
            }, clusterWide: request.isClusterWide)
    }
}
