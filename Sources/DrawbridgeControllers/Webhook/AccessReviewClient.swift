import DrawbridgeAPI
import Foundation
import KubeClient

/// Asks the API server whether someone holds a permission, with a SubjectAccessReview: the one
/// thing the admission rules cannot decide alone (may this caller force-delete a request). Needs
/// `create` on `subjectaccessreviews` (config/rbac/role.yaml).
public struct AccessReviewClient: Sendable {
    let client: KubeClient

    /// Asks through `client` (the controller's own identity).
    public init(client: KubeClient) {
        self.client = client
    }

    /// Whether `question.user` may `delete` `accessrequests/force` on that request; `.failed` when
    /// the API server could not be asked or answered something unreadable.
    public func ask(_ question: AccessRequestAdmission.ForceDeleteQuestion) async
        -> AccessRequestAdmission
        .PermissionAnswer
    {
        var spec: [String: JSONValue] = [
            "user": .string(question.user.username),
            "resourceAttributes": [
                "namespace": .string(question.namespace), "verb": "delete", "group": .string(Drawbridge.group),
                "version": .string(Drawbridge.version), "resource": .string(question.resource),
                "subresource": .string(AccessRequestAdmission.forceDeleteSubresource), "name": .string(question.name),
            ],
        ]
        if let groups = question.user.groups { spec["groups"] = .array(groups.map(JSONValue.string)) }
        if let uid = question.user.uid, !uid.isEmpty { spec["uid"] = .string(uid) }
        if let extra = question.user.extra {
            spec["extra"] = .object(extra.mapValues { .array($0.map(JSONValue.string)) })
        }
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": .object(spec),
        ]
        do {
            let response = try await client.send(
                KubeRequest(
                    method: "POST", path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                    headers: ["Content-Type": "application/json", "Accept": "application/json"],
                    body: Array(try JSONCoding.encoder.encode(review))))
            guard let allowed = try JSONValue.parse(response.body)[path: ["status", "allowed"]]?.boolValue else {
                return .failed("the SubjectAccessReview came back without status.allowed")
            }
            return allowed ? .allowed : .denied
        } catch let error as APIError {
            return .failed(error.description)
        } catch {
            return .failed("\(error)")
        }
    }
}

extension AccessRequestAdmission {
    /// `answer(_:now:as:forceDelete:)` after asking `accessReviews` the question the rules need, if
    /// they need one (a DELETE by someone neither requester nor approver). Without a client, nothing
    /// is asked and such a delete is refused.
    public func answer(
        _ review: JSONValue, now: Date, as webhook: Webhook, asking accessReviews: AccessReviewClient?
    ) async -> AdmissionReview {
        var permission = PermissionAnswer.notAsked
        if let accessReviews, let question = forceDeleteQuestion(review, as: webhook, now: now) {
            permission = await accessReviews.ask(question)
        }
        return answer(review, now: now, as: webhook, forceDelete: permission)
    }
}
