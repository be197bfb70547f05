import DrawbridgeAPI
import Foundation
import KubeClient

/// ClusterAccessRequests in the harness: created, reviewed and read like AccessRequests, without a
/// namespace; their grants are ClusterRoleBindings.
extension ControllerHarness {
    /// `user` creates `request` as a ClusterAccessRequest (its namespace dropped, its requester
    /// stamped by the webhook).
    @discardableResult
    public func createClusterWide(_ request: AccessRequest, as user: String = "alice") async throws
        -> ClusterAccessRequest
    {
        var request = ClusterAccessRequest(request)
        request.metadata.uid = nil
        request.metadata.creationTimestamp = nil
        request.metadata.resourceVersion = nil
        request.status = nil
        return try await emulator.client(user).create(request)
    }

    /// ClusterAccessRequest `name`, read as admin; nil when absent.
    public func clusterRequest(_ name: String) async throws -> ClusterAccessRequest? {
        try await emulator.client("admin").getIfPresent(ClusterAccessRequest.self, name: name)
    }

    /// Waits until ClusterAccessRequest `name` is in `phase`.
    @discardableResult
    public func waitForClusterWide(_ name: String, phase: AccessRequestPhase) async throws -> ClusterAccessRequest {
        try await eventually("ClusterAccessRequest \(name) is \(phase.rawValue)") {
            try await clusterRequest(name).flatMap { $0.status?.phase == phase ? $0 : nil }
        }
    }

    /// `user` reviews ClusterAccessRequest `name` through the status subresource.
    public func reviewClusterWide(
        _ name: String, as user: String, decision: ReviewDecision = .approve, comment: String? = nil
    ) async throws {
        var review: [String: JSONValue] = ["decision": .string(decision.rawValue)]
        if let comment { review["comment"] = .string(comment) }
        _ = try await emulator.client(user).patch(
            ClusterAccessRequest.self, name: name, body: .object(["status": .object(["review": .object(review)])]),
            subresource: "status")
    }

    /// The grant's ClusterRoleBinding of ClusterAccessRequest `name`, read as admin; nil when absent.
    public func clusterBinding(of name: String) async throws -> ClusterRoleBinding? {
        try await emulator.client("admin").getIfPresent(ClusterRoleBinding.self, name: "drawbridge-\(name)")
    }
}
