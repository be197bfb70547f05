import DrawbridgeAPI
import Foundation

/// The admission rules that make AccessRequest identities trustworthy and enforce the guardrails
/// (docs/security.md):
/// - mutating: on create the server stamps (and signs) `spec.requester` from the caller; on a status
///   write by anyone but the controller, `status.review` becomes one signed approval record stamped
///   with the reviewer's identity, after checking the reviewer may make that decision; nothing else
///   in status may change;
/// - validating: a new request must be stamped by us and allowed by policy (`kubectl apply` prints
///   the exact reason when not); a status write may only append the one record we stamped; only
///   the requester, an approver or a holder of `accessrequests/force` may delete a request; an
///   AccessPolicy must be valid (`AccessPolicyAdmission`).
///
/// Pure: no I/O, and time comes in as `now`, so every rule is tested as a table without HTTP. The
/// HTTPS `WebhookServer` and the tests' in-process caller both hand reviews to this one value.
///
/// - Important: the approval list is rebuilt from `request.object`, which the API server computes
///   from the *latest* stored object plus the reviewer's change. When two reviews race, the API
///   server re-applies the loser's change to the new latest object and calls admission again, so
///   neither approval is lost. Never cache or reuse status between calls.
public struct AccessRequestAdmission: Sendable {
    /// The two webhooks the rules are served as. The mutating one stamps identities; the validating
    /// one runs after every mutating webhook and judges the object as it will be stored.
    public enum Webhook: String, Sendable, CaseIterable {
        case mutating
        case validating
    }

    /// The controller's own username (its ServiceAccount): the only caller that may write status
    /// freely.
    public var controllerUsername: String
    /// What requests are judged by; nil skips policy checks (tests of stamping alone).
    public var policies: PolicyLookup?
    /// Signs stamped identities so the controller can tell them from forged ones; nil leaves them
    /// unsigned (tests of the rules alone: a controller then trusts nothing).
    public var signer: IdentitySigner?

    /// Rules for a controller running as `controllerUsername`.
    public init(controllerUsername: String, policies: PolicyLookup? = nil, signer: IdentitySigner? = nil) {
        self.controllerUsername = controllerUsername
        self.policies = policies
        self.signer = signer
    }

    /// The resource the rules apply to (with `clusterResource`); everything else is allowed untouched.
    public static let resource = AccessRequest.plural
    /// ClusterAccessRequests: the same rules, cluster-wide.
    public static let clusterResource = ClusterAccessRequest.plural

    /// True for the resources these rules judge.
    static func judges(_ resource: AdmissionRequest.GroupVersionResource) -> Bool {
        resource.group == Drawbridge.group && [Self.resource, Self.clusterResource].contains(resource.resource)
    }

    /// Decides one admission request as `webhook`. Never throws: a request it cannot make sense of
    /// is denied with a 400 and the request's uid echoed. `forceDelete` is the API server's answer to
    /// `forceDeleteQuestion(_:as:)`, for a DELETE that needs it (see `answer(_:now:as:asking:)`).
    public func review(
        _ request: AdmissionRequest, now: Date, as webhook: Webhook = .mutating,
        forceDelete: PermissionAnswer = .notAsked
    ) -> AdmissionResponse {
        if webhook == .validating, request.resource.group == Drawbridge.group,
            request.resource.resource == AccessPolicy.plural
        {
            return AccessPolicyAdmission.review(request)
        }
        guard Self.judges(request.resource) else {
            return .allowed(uid: request.uid)
        }
        let subresource = request.subResource.flatMap { $0.isEmpty ? nil : $0 }
        do {
            switch (webhook, request.operation, subresource) {
            case (.mutating, .create, nil):
                let (operations, warnings) = try admitCreate(request, now: now)
                return .allowed(uid: request.uid, patch: operations, warnings: warnings)
            case (.mutating, .update, "status"):
                return .allowed(uid: request.uid, patch: try admitStatusUpdate(request, now: now))
            case (.mutating, .update, nil):
                try admitUpdate(request)
                return .allowed(uid: request.uid)
            case (.validating, .create, nil):
                return .allowed(uid: request.uid, warnings: try validateCreate(request, now: now))
            case (.validating, .update, "status"):
                try validateStatusUpdate(request)
                return .allowed(uid: request.uid)
            case (.validating, .delete, nil):
                try validateDelete(request, forceDelete: forceDelete, now: now)
                return .allowed(uid: request.uid)
            default:
                return .allowed(uid: request.uid)
            }
        } catch let denial as AdmissionDenial {
            return .denied(uid: request.uid, denial)
        } catch {
            return .denied(uid: request.uid, .internalError("\(error)"))
        }
    }

    /// Answers a whole AdmissionReview as received on the wire. A review that does not decode is
    /// denied with a 400 naming what is wrong, echoing the request uid when one can be found.
    public func answer(
        _ review: JSONValue, now: Date, as webhook: Webhook = .mutating, forceDelete: PermissionAnswer = .notAsked
    ) -> AdmissionReview {
        let uid = review[path: ["request", "uid"]]?.stringValue ?? ""
        let apiVersion = review["apiVersion"]?.stringValue ?? ""
        guard apiVersion == AdmissionReview.apiVersion, review["kind"]?.stringValue == AdmissionReview.kind else {
            return AdmissionReview(
                response: .denied(
                    uid: uid,
                    .badRequest(
                        "expected an \(AdmissionReview.apiVersion) AdmissionReview, got apiVersion \"\(apiVersion)\"")))
        }
        // `object` and `oldObject` stay JSON trees (see AdmissionRequest): lift them out before the
        // typed decode of the rest, which would otherwise encode both to bytes and parse them back
        // value by value (most of the cost of every AccessRequest write's admission).
        var envelope = review
        var objects: (object: JSONValue?, oldObject: JSONValue?) = (nil, nil)
        if case .object(var fields)? = review["request"] {
            objects = (fields.removeValue(forKey: "object"), fields.removeValue(forKey: "oldObject"))
            envelope["request"] = .object(fields)
        }
        let decoded: AdmissionReview
        do {
            decoded = try envelope.decode(as: AdmissionReview.self)
        } catch {
            return AdmissionReview(
                response: .denied(uid: uid, .badRequest("malformed AdmissionReview: \(Self.describe(error))")))
        }
        guard var request = decoded.request else {
            return AdmissionReview(
                response: .denied(uid: uid, .badRequest("malformed AdmissionReview: request is missing")))
        }
        // As the decoder reads an optional member: JSON null is absent.
        request.object = objects.object == .null ? nil : objects.object
        request.oldObject = objects.oldObject == .null ? nil : objects.oldObject
        return AdmissionReview(response: self.review(request, now: now, as: webhook, forceDelete: forceDelete))
    }

    /// One line saying which member of the review is wrong, instead of Foundation's multi-line dump.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context)?: return "\(path(context.codingPath)) is not a valid \(type)"
        case .valueNotFound(let type, let context)?: return "\(path(context.codingPath)) must be a \(type), not null"
        case .dataCorrupted(let context)?: return "\(path(context.codingPath)): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
