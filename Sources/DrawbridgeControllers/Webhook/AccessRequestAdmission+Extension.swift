import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Who may ask for more time on a live grant, and who may decide it. The controller's
/// `ExtensionTally` ignores what does not count; refusing it here tells the reviewer at once.
extension AccessRequestAdmission {
    /// The `duration` of a review: required for Extend (a Go duration of at least 1s), refused otherwise.
    static func extensionDuration(_ review: JSONValue, _ decision: ReviewDecision) throws -> String? {
        guard let value = review["duration"], value != .null else {
            guard decision != .extend else {
                throw AdmissionDenial.badRequest(
                    "status.review.duration is required for Extend: how much longer, as a Go duration (30m, 1h)")
            }
            return nil
        }
        guard decision == .extend else {
            throw AdmissionDenial.badRequest("status.review.duration is only for Extend")
        }
        guard let text = value.stringValue else {
            throw AdmissionDenial.badRequest("status.review.duration must be a string: a Go duration such as 30m")
        }
        let parsed: Duration
        do {
            parsed = try GoDuration.parse(text)
        } catch {
            throw AdmissionDenial.badRequest("status.review.duration: \(error.description)")
        }
        guard parsed >= .seconds(1) else {
            throw AdmissionDenial.badRequest("status.review.duration: \"\(text)\" is too short: must be at least 1s")
        }
        return text
    }

    /// Extend: only on an Active grant that has not expired, under a policy that allows extensions,
    /// by its requester or an approver, one at a time, within `maxExtensions` and `maxTotal`.
    func authorizeExtend(_ record: ApprovalRecord, on request: AccessRequest, name: String) throws {
        let status = request.status ?? AccessRequestStatus()
        if request.spec.breakGlass == true {
            throw AdmissionDenial.forbidden(
                "\(name) is a break-glass grant, and those are never extended; ask for access the usual way")
        }
        guard status.phase == .active else {
            throw AdmissionDenial.forbidden(
                "\(name) is \(status.phase?.rawValue ?? "not decided yet"); only an Active grant can be extended")
        }
        guard let grantedAt = status.grantedAt, let expiresAt = status.expiresAt, record.time < expiresAt else {
            let at = status.expiresAt.map { " at \($0)" } ?? ""
            throw AdmissionDenial.forbidden("\(name) expired\(at); it can no longer be extended")
        }
        guard let (terms, rules) = try extensionTerms(of: request, name: name) else { return }
        let isRequester = record.user == request.spec.requester?.username
        let groups = record.groups ?? []
        guard
            isRequester || terms.approvers.matches(user: record.user, groups: groups)
                || rules.approvers.matches(user: record.user, groups: groups)
        else {
            throw AdmissionDenial.forbidden(
                "\(record.user) may not extend \(name): only its requester (\(request.spec.requester?.username ?? "")) or an approver under AccessPolicy \"\(terms.policy)\" (\(terms.approvers)) may"
            )
        }
        if let open = openExtension(of: request, terms: terms, rules: rules, at: record.time) {
            throw AdmissionDenial.forbidden(
                "an extension by \(GoDuration.humanize(open.duration)) asked by \(open.request.user) is already waiting for approval on \(name) (it times out at \(open.deadline)); one extension is decided at a time"
            )
        }
        let done = (status.extensions ?? []).filter { $0.state == .extended }.count
        let asked = ExtensionTally.duration(of: record) ?? .zero
        switch rules.breach(done: done, grantedAt: grantedAt, expiresAt: expiresAt, asked: asked) {
        case nil: return
        case .count(let done):
            throw AdmissionDenial.forbidden(
                "\(name) has had \(done) of the \(rules.maxExtensions) extension(s) AccessPolicy \"\(terms.policy)\" allows"
            )
        case .total(let total, let room):
            throw AdmissionDenial.forbidden(
                "extending \(name) by \(GoDuration.humanize(asked)) would make the grant last \(GoDuration.humanize(total)), beyond the \(GoDuration.humanize(rules.maxTotal)) AccessPolicy \"\(terms.policy)\" allows in total (at most \(GoDuration.humanize(room)) more)"
            )
        }
    }

    /// Approve or Deny on a live grant: they decide the extension waiting for approval, by an
    /// extension approver who did not ask for it (a Deny by whoever asked withdraws it), once each.
    func authorizeExtensionReview(_ record: ApprovalRecord, on request: AccessRequest, name: String) throws {
        let nothingWaiting = ReviewEligibility.nothingWaitingRefusal(request)
        guard let (terms, _) = try extensionTerms(of: request, name: name, refusal: nothingWaiting) else {
            throw AdmissionDenial.forbidden(nothingWaiting)
        }
        switch ReviewEligibility.extensionReview(
            record.decision, by: record.user, groups: record.groups ?? [], on: request, terms: terms, now: record.time,
            isAuthentic: isAuthentic(on: request))
        {
        case .nothingWaiting: throw AdmissionDenial.forbidden(nothingWaiting)
        case .allowed: return
        case .refused(let why): throw AdmissionDenial.forbidden(why)
        }
    }

    /// The governing policy's terms and its extension rules; nil when no policy lookup is configured
    /// (tests of stamping alone). Throws when no policy allows the grant, or it allows no extensions.
    func extensionTerms(of request: AccessRequest, name: String, refusal: String? = nil) throws
        -> (GrantTerms, ExtensionTerms)?
    {
        guard let policies else { return nil }
        guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
        switch policies.evaluate(request, mode: .liveGrant) {
        case .rejected(let rejection):
            throw AdmissionDenial.forbidden(ReviewEligibility.noPolicyRefusal(request, rejection.message))
        case .allowed(let terms):
            guard let rules = terms.lifecycle.extensionTerms else {
                throw AdmissionDenial.forbidden(refusal ?? "AccessPolicy \"\(terms.policy)\" does not allow extensions")
            }
            return (terms, rules)
        }
    }

    /// The extension round waiting for approval at `time`, as the controller will read it.
    func openExtension(of request: AccessRequest, terms: GrantTerms, rules: ExtensionTerms, at time: KubeTime)
        -> ExtensionTally.Round?
    {
        return ExtensionTally(
            records: request.status?.approvals ?? [], requester: request.spec.requester?.username ?? "",
            grantApprovers: terms.approvers, terms: rules, now: time,
            isAuthentic: isAuthentic(on: request)
        ).open
    }
}
