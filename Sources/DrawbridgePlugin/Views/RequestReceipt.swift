import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// What `kubectl drawbridge request` prints once the request exists: its name, the policy that
/// governs it and what it still needs ("needs 1 approval from group sre within 30m"), and the
/// command approvers run, so the requester can paste it into the team chat.
public enum RequestReceipt {
    /// The receipt for `request` as created, judged by `context` at `now`; nil `context` (policies
    /// unreadable) prints the name alone.
    public static func render(_ request: AccessRequest, context: PolicyContext?, now: Date) -> String {
        // What the review commands take: `car/NAME`, or NAME with the namespace.
        let target =
            RequestReference(request).argument
            + (request.isClusterWide ? "" : " -n \(request.metadata.namespace ?? "")")
        var text = "\(OutputFormat.name(request)) created\n"
        guard let context else { return text }
        switch context.evaluate(request) {
        case .allowed(let terms):
            let duration = request.spec.duration ?? GoDuration.humanize(terms.duration)
            let progress = ApprovalProgress(
                request: request, terms: terms, now: now, isAuthentic: RequestFilter.looksSigned)
            text += "AccessPolicy \"\(terms.policy)\" governs it: \(request.spec.role) for \(duration), "
            if let breakGlass = terms.breakGlass {
                text +=
                    "break-glass: granted at once; \(terms.approvers) must ratify or reject it within \(GoDuration.humanize(breakGlass.reviewWithin)).\n"
                text += "Approvers run: kubectl drawbridge ratify|reject \(target)\n"
            } else if terms.requiredApprovals == 0 {
                text += "auto-approved.\n"
            } else {
                text += "\(progress.summary(now: now)).\n"
                text += "Approvers run: kubectl drawbridge approve \(target)\n"
            }
            if let startAt = request.spec.startAt {
                text += "Access starts at \(startAt); once approved it is Scheduled until then.\n"
            }
        case .rejected(let rejection):
            // The webhook admitted it, so policies changed in between or could not all be read.
            text += "Policy check here: \(rejection.message)\n"
        }
        return text
    }
}
