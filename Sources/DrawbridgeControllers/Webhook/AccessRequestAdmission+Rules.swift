import DrawbridgeAPI
import Foundation

/// The three rules, each returning the JSON Patch to apply or throwing an `AdmissionDenial`.
extension AccessRequestAdmission {
    /// The message for any status change by a reviewer other than `status.review`.
    public static let reviewOnlyMessage =
        "only status.review may be written by reviewers; the controller owns the rest of status"
    /// The message for a missing `status.review`.
    public static let reviewRequiredMessage =
        "status.review is required: reviewers write {\"decision\": \"Approve\", \"Deny\", \"Revoke\" or \"Extend\", \"comment\": \"...\"} (Extend with \"duration\")"
    /// The message for a changed `spec.requester`.
    public static let requesterImmutableMessage =
        "spec.requester is set by the server from the caller's identity and cannot be changed"

    /// The message for a create without `metadata.name` (a `generateName` create).
    public static let nameRequiredMessage =
        "metadata.name is required: an AccessRequest (or ClusterAccessRequest) cannot use generateName, because Drawbridge signs the requester together with the request's name and Kubernetes generates names only after admission"

    /// CREATE: stamp `spec.requester` from `userInfo` (overwriting whatever the client sent) and sign
    /// it over the request's namespace, name and spec, and drop any client-sent `status`. Policy is
    /// judged by the validating webhook, which sees the object after every mutating webhook.
    ///
    /// A `generateName` create is refused: kube-apiserver generates the name after mutating
    /// admission, so there is no name to sign yet, and a signature without one could be copied onto
    /// another request.
    func admitCreate(_ request: AdmissionRequest, now: Date) throws -> (patch: [JSONValue], warnings: [String]) {
        let user = try authenticatedUser(request)
        guard var object = request.object, let spec = object["spec"], spec.objectValue != nil else {
            throw AdmissionDenial.badRequest("spec is required and must be an object")
        }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        guard !name.isEmpty else { throw AdmissionDenial.badRequest(Self.nameRequiredMessage) }
        var identity = UserIdentity(
            username: user.username, uid: user.uid.flatMap { $0.isEmpty ? nil : $0 }, groups: groups(user))
        if let signer {
            // Signed over the spec as stored; a spec that does not decode fails schema validation next.
            var stamped = spec
            stamped["requester"] = try JSONValue(encoding: identity)
            if let decoded = try? stamped.decode(as: AccessRequestSpec.self) {
                let namespace = request.namespace ?? object[path: ["metadata", "namespace"]]?.stringValue ?? ""
                identity = signer.signed(requester: identity, namespace: namespace, name: name, spec: decoded)
            }
        }
        let requester = try JSONValue(encoding: identity)
        var warnings: [String] = []
        if let sent = spec["requester"], sent != .null, sent["username"] != requester["username"] {
            warnings.append(
                "spec.requester is set by the server from the caller's identity; the value sent was replaced with \(identity.username)"
            )
        }
        var operations: [JSONValue] = [["op": "add", "path": "/spec/requester", "value": requester]]
        object[path: ["spec", "requester"]] = requester
        if object.objectValue?["status"] != nil {
            operations.append(["op": "remove", "path": "/status"])
            object["status"] = nil
        }
        operations += Self.addFinalizer(to: object)
        return (operations, warnings)
    }

    /// The controller's finalizer, added as the request is created: it lets the controller revoke and
    /// record a grant before its request disappears, and adding it here costs no write of its own.
    static func addFinalizer(to object: JSONValue) -> [JSONValue] {
        let finalizer = JSONValue.string(Drawbridge.Keys.finalizer)
        guard let existing = object[path: ["metadata", "finalizers"]], existing != .null else {
            return [["op": "add", "path": "/metadata/finalizers", "value": .array([finalizer])]]
        }
        guard existing.arrayValue?.contains(finalizer) == false else { return [] }
        return [["op": "add", "path": "/metadata/finalizers/-", "value": finalizer]]
    }

    /// UPDATE of `status`: the controller writes freely; anyone else may only add `status.review`,
    /// which, if the reviewer may make that decision (see `authorize`), becomes one signed approval
    /// record appended to the status they were shown.
    func admitStatusUpdate(_ request: AdmissionRequest, now: Date) throws -> [JSONValue] {
        if request.userInfo.username == controllerUsername { return [] }
        let user = try authenticatedUser(request)
        guard let object = request.object, let old = request.oldObject else {
            throw AdmissionDenial.badRequest("a status update needs both object and oldObject")
        }
        var status = try Self.statusFields(object, "status")
        let review = status.removeValue(forKey: "review")
        var oldStatus = try Self.statusFields(old, "oldObject.status")
        oldStatus["review"] = nil
        guard status == oldStatus else { throw AdmissionDenial.forbidden(Self.reviewOnlyMessage) }
        guard let review, review != .null else { throw AdmissionDenial.badRequest(Self.reviewRequiredMessage) }
        var record = try Self.record(from: review, by: user, groups: groups(user), now: now)
        try authorize(record, on: try Self.decodeRequest(old, "oldObject"))
        if let signer {
            let uid = old[path: ["metadata", "uid"]]?.stringValue ?? ""
            record = signer.signed(approval: record, requestUID: uid)
        }
        var approvals: [JSONValue] = []
        if let existing = status["approvals"], existing != .null {
            guard let list = existing.arrayValue else {
                throw AdmissionDenial.badRequest("status.approvals is not a list; the controller must repair it first")
            }
            approvals = list
        }
        approvals.append(try JSONValue(encoding: record))
        status["approvals"] = .array(approvals)
        return [["op": "add", "path": "/status", "value": .object(status)]]
    }

    /// UPDATE of the main resource: allowed (spec immutability is the CRD's rule), except that only the
    /// controller may change `spec.requester`.
    func admitUpdate(_ request: AdmissionRequest) throws {
        if request.userInfo.username == controllerUsername { return }
        let new = request.object?[path: ["spec", "requester"]] ?? .null
        let old = request.oldObject?[path: ["spec", "requester"]] ?? .null
        guard new == old else { throw AdmissionDenial.forbidden(Self.requesterImmutableMessage) }
    }

    /// `object` as an AccessRequest value, by its own kind: a ClusterAccessRequest becomes one without
    /// a namespace. One that does not decode is a malformed request.
    static func decodeRequest(_ object: JSONValue, _ name: String) throws -> AccessRequest {
        let clusterWide = object["kind"]?.stringValue == ClusterAccessRequest.kind
        do {
            if clusterWide { return AccessRequest(try object.decode(as: ClusterAccessRequest.self)) }
            return try object.decode(as: AccessRequest.self)
        } catch {
            let kind = clusterWide ? ClusterAccessRequest.kind : AccessRequest.kind
            throw AdmissionDenial.badRequest("\(name) is not a valid \(kind): \(describe(error))")
        }
    }

    /// The caller, refusing a review without a username: stamping an empty identity would be worse
    /// than refusing the write.
    func authenticatedUser(_ request: AdmissionRequest) throws -> AdmissionRequest.UserInfo {
        guard !request.userInfo.username.isEmpty else {
            throw AdmissionDenial.badRequest("the admission request has no userInfo.username")
        }
        return request.userInfo
    }

    /// The caller's groups, or nil when it has none (so records stay free of empty lists).
    func groups(_ user: AdmissionRequest.UserInfo) -> [String]? {
        guard let groups = user.groups, !groups.isEmpty else { return nil }
        return groups
    }

    /// The members of `object.status` (none when absent or null); a non-object status is malformed.
    static func statusFields(_ object: JSONValue, _ name: String) throws -> [String: JSONValue] {
        guard let status = object["status"], status != .null else { return [:] }
        guard let fields = status.objectValue else { throw AdmissionDenial.badRequest("\(name) must be an object") }
        return fields
    }

    /// Reads `{decision, comment}` from `status.review` into a record stamped with who and when.
    static func record(from review: JSONValue, by user: AdmissionRequest.UserInfo, groups: [String]?, now: Date) throws
        -> ApprovalRecord
    {
        guard review.objectValue != nil else {
            throw AdmissionDenial.badRequest(reviewRequiredMessage)
        }
        let valid = ReviewDecision.allCases.map(\.rawValue)
        let validList = valid.dropLast().joined(separator: ", ") + " or " + (valid.last ?? "")
        guard let text = review["decision"]?.stringValue else {
            throw AdmissionDenial.badRequest("status.review.decision is required: one of \(validList)")
        }
        guard let decision = ReviewDecision(rawValue: text) else {
            throw AdmissionDenial.badRequest("status.review.decision \"\(text)\" is not valid: use \(validList)")
        }
        var comment: String?
        if let value = review["comment"], value != .null {
            guard let text = value.stringValue else {
                throw AdmissionDenial.badRequest("status.review.comment must be a string")
            }
            comment = text
        }
        return ApprovalRecord(
            user: user.username, groups: groups, decision: decision, comment: comment, time: KubeTime(now),
            duration: try extensionDuration(review, decision))
    }
}
