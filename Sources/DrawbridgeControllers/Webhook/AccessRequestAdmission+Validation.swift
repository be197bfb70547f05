import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// The validating webhook: it sees each AccessRequest write after every mutating webhook ran and the
/// schema applied, so it judges the object exactly as it will be stored.
extension AccessRequestAdmission {
    /// Refusal while the caches that policy is judged by are still loading.
    public static let notReadyMessage =
        "Drawbridge has not finished loading AccessPolicies; try again in a few seconds"
    /// Refusal for status writes that do more than append the one record the mutating webhook made.
    public static let approvalsAppendOnlyMessage =
        "status.approvals may only grow by the one review Drawbridge's mutating webhook recorded for the caller"

    /// CREATE: the requester must be the caller as our mutating webhook stamped it, and some
    /// AccessPolicy must allow the request (within its break-glass cooldown and its limit on
    /// unfinished requests); otherwise the exact reason is returned to `kubectl apply`. An allowed
    /// request gets the verdict back as a warning (`AdmissionVerdict`), which kubectl prints.
    func validateCreate(_ admission: AdmissionRequest, now: Date) throws -> [String] {
        let user = try authenticatedUser(admission)
        guard let object = admission.object else { throw AdmissionDenial.badRequest("object is required") }
        var request = try Self.decodeRequest(object, "object")
        // A namespaced object may omit its namespace on create; the API server's is the one it gets.
        if admission.resource.resource == Self.resource, request.metadata.namespace == nil {
            request.metadata.namespace = admission.namespace
        }
        guard let requester = request.spec.requester, requester.username == user.username else {
            throw AdmissionDenial.forbidden(
                "spec.requester was not stamped with the caller's identity; Drawbridge's MutatingWebhookConfiguration \"\(WebhookServer.configurationName)\" must be installed"
            )
        }
        if let signer, !signer.verifiesRequester(of: request) {
            throw AdmissionDenial.forbidden(
                "spec.requester's signature does not verify: the request was changed after Drawbridge stamped it")
        }
        guard let policies else { return [] }
        if let problem = RequestValidator.validate(request.spec, clusterWide: request.isClusterWide) {
            throw AdmissionDenial.forbidden(problem.message)
        }
        guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
        if let startAt = request.spec.startAt, startAt.date < now.addingTimeInterval(-60) {
            throw AdmissionDenial.forbidden(
                "spec.startAt \(startAt) is in the past; leave it out to start as soon as the request is approved")
        }
        switch policies.evaluate(request, now: now) {
        case .rejected(let rejection):
            throw AdmissionDenial.forbidden(rejection.message)
        case .allowed(let terms):
            // The requester's other requests are read only when a cap or a break-glass cooldown applies.
            let others =
                terms.judgesRequesterHistory
                ? policies.requesterRequests(requester.username).filter { $0.key != request.key } : []
            if let refusal = RequesterHistory.cooldownRefusal(
                terms, requester: requester.username, key: request.key, createdAt: nil, others: others,
                now: KubeTime(now))
            {
                throw AdmissionDenial.forbidden(refusal.message)
            }
            if let refusal = RequesterHistory.limitRefusal(
                terms, requester: requester.username, key: request.key, createdAt: nil, others: others)
            {
                throw AdmissionDenial.forbidden(refusal.message)
            }
            return [AdmissionVerdict.text(terms, role: request.spec.role)]
        }
    }

    /// UPDATE of `status` by anyone but the controller: the only change allowed is one approval
    /// record, by the caller, signed by us, appended at the end.
    func validateStatusUpdate(_ admission: AdmissionRequest) throws {
        if admission.userInfo.username == controllerUsername { return }
        let user = try authenticatedUser(admission)
        guard let object = admission.object, let old = admission.oldObject else {
            throw AdmissionDenial.badRequest("a status update needs both object and oldObject")
        }
        var status = try Self.statusFields(object, "status")
        var oldStatus = try Self.statusFields(old, "oldObject.status")
        let approvals = status.removeValue(forKey: "approvals")?.arrayValue ?? []
        let before = oldStatus.removeValue(forKey: "approvals")?.arrayValue ?? []
        guard status == oldStatus else { throw AdmissionDenial.forbidden(Self.reviewOnlyMessage) }
        guard approvals.count == before.count + 1, Array(approvals.prefix(before.count)) == before,
            let added = approvals.last, let record = try? added.decode(as: ApprovalRecord.self),
            record.user == user.username
        else { throw AdmissionDenial.forbidden(Self.approvalsAppendOnlyMessage) }
        if let signer,
            !signer.verifies(approval: record, requestUID: old[path: ["metadata", "uid"]]?.stringValue ?? "")
        {
            throw AdmissionDenial.forbidden(Self.approvalsAppendOnlyMessage)
        }
    }
}
