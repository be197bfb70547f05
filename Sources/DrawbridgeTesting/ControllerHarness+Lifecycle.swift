import DrawbridgeAPI
import Foundation
import KubeClient

extension ControllerHarness {
    /// Moves the manual clock forward to the wall-clock `date` (never backwards).
    public func advanceClock(to date: Date) async {
        let seconds = date.timeIntervalSince(clock.date)
        guard seconds > 0 else { return }
        await clock.advance(by: Duration(timeInterval: seconds))
    }

    /// `user` asks for `duration` more on request `name` (`status.review` with decision Extend), as
    /// `kubectl patch --subresource=status` does.
    public func extend(
        _ name: String, as user: String, by duration: String, comment: String? = nil, namespace: String = "demo"
    ) async throws {
        var review: [String: JSONValue] = [
            "decision": .string(ReviewDecision.extend.rawValue), "duration": .string(duration),
        ]
        if let comment { review["comment"] = .string(comment) }
        _ = try await emulator.client(user).patch(
            AccessRequest.self, name: name, namespace: namespace,
            body: .object(["status": .object(["review": .object(review)])]), subresource: "status")
    }

    /// Whether `user` may `verb` `resource` (in API group `group`) in `namespace`, as the emulator's
    /// RBAC answers a SelfSubjectAccessReview: what `kubectl auth can-i` asks.
    public func canI(
        _ user: String, _ verb: String, _ resource: String, group: String = "", namespace: String? = "demo"
    ) async throws -> Bool {
        var attributes: [String: JSONValue] = [
            "verb": .string(verb), "resource": .string(resource), "group": .string(group),
        ]
        if let namespace { attributes["namespace"] = .string(namespace) }
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": ["resourceAttributes": .object(attributes)],
        ]
        let response = try await emulator.client(user).send(
            KubeRequest(
                method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                headers: ["Content-Type": "application/json", "Accept": "application/json"],
                body: Array(try JSONCoding.encoder.encode(review))))
        return try JSONValue.parse(response.body)[path: ["status", "allowed"]]?.boolValue ?? false
    }
}
