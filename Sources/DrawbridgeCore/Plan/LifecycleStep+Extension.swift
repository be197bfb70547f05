import DrawbridgeAPI
import Foundation

/// Extensions of a live grant: each `Extend` is decided once, in `status.extensions`, and an
/// approved one moves `expiresAt` (the binding's annotation and label move first: the plan's writes
/// precede its status).
extension LifecycleStep {
    /// The rounds the recorded reviews hold, under `terms`; a policy without `extension` still reads
    /// them (each one asked for is then refused).
    func extensionTally(_ terms: GrantTerms) -> ExtensionTally {
        let rules =
            terms.lifecycle.extensionTerms
            ?? ExtensionTerms(
                maxTotal: terms.maxDuration, maxExtensions: 0, requiredApprovals: 0, approvers: terms.approvers,
                timeout: terms.approvalTimeout)
        return ExtensionTally(
            records: status.approvals ?? [], requester: requester, grantApprovers: terms.approvers, terms: rules,
            now: now, isAuthentic: input.isAuthentic)
    }

    /// Decides every round not decided yet: notes a new one, applies an approved one that fits the
    /// policy's limits, refuses one that does not, records denials and timeouts. Looks again at the
    /// deadline of a round still waiting.
    mutating func planExtensions(_ terms: GrantTerms, grantedAt: KubeTime) {
        let tally = extensionTally(terms)
        for (round, found) in zip(tally.rounds, entryIndices(of: tally.rounds)) {
            let index = found ?? status.extensions?.count ?? 0
            if let found, status.extensions?[found].state != .pending { continue }
            if found == nil { noteRequested(round, terms, index: index) }
            switch round.outcome {
            case .pending:
                if requeueAt.map({ round.deadline.date < $0 }) ?? true { requeueAt = round.deadline.date }
            case .approved(let at):
                if let refusal = refusal(of: round, approvedAt: at, terms, grantedAt: grantedAt) {
                    decide(round, .denied, refusal, index: index)
                } else {
                    applyExtension(round, terms, index: index)
                }
            case .denied(let record):
                decide(
                    round, .denied, "\(extensionName(round)) denied by \(record.user)\(comment(record)).", index: index)
            case .timedOut:
                let needed = terms.lifecycle.extensionTerms?.requiredApprovals ?? 0
                decide(
                    round, .denied,
                    "\(extensionName(round)) timed out with \(round.approvedBy.count) of \(needed) approvals at \(round.deadline).",
                    index: index)
            }
        }
    }

    /// For each round, the index of its entry in `status.extensions`, if it has one: the first entry
    /// not matched yet that names the same Extend record (who, when), so two asks by one person in
    /// the same second still get one entry each.
    func entryIndices(of rounds: [ExtensionTally.Round]) -> [Int?] {
        let entries = status.extensions ?? []
        var taken = Set<Int>()
        return rounds.map { round in
            let index = entries.indices.first { !taken.contains($0) && entries[$0].decides(round.request) }
            if let index { taken.insert(index) }
            return index
        }
    }

    /// Why an approved round cannot be applied, if it cannot.
    func refusal(of round: ExtensionTally.Round, approvedAt: KubeTime, _ terms: GrantTerms, grantedAt: KubeTime)
        -> String?
    {
        let name = extensionName(round)
        let policy = "AccessPolicy \"\(terms.policy)\""
        if terms.breakGlass != nil { return "\(name) refused: break-glass grants are never extended." }
        guard let rules = terms.lifecycle.extensionTerms else {
            return "\(name) refused: \(policy) does not allow extensions."
        }
        guard let expiresAt = status.expiresAt, approvedAt < expiresAt else {
            let expiry = status.expiresAt.map { " at \($0)" } ?? ""
            return "\(name) refused: it was approved at \(approvedAt), after the grant expired\(expiry)."
        }
        let done = (status.extensions ?? []).filter { $0.state == .extended }.count
        switch rules.breach(done: done, grantedAt: grantedAt, expiresAt: expiresAt, asked: round.duration) {
        case nil: return nil
        case .count: return "\(name) refused: \(policy) allows at most \(rules.maxExtensions) extension(s) per grant."
        case .total(let total, _):
            return
                "\(name) refused: the grant would last \(GoDuration.humanize(total)), beyond the \(GoDuration.humanize(rules.maxTotal)) \(policy) allows in total."
        }
    }

    /// Moves `expiresAt` by the round's duration and records it.
    mutating func applyExtension(_ round: ExtensionTally.Round, _ terms: GrantTerms, index: Int) {
        guard let expiresAt = status.expiresAt else { return }
        let extended = KubeTime(expiresAt.date.addingTimeInterval(round.duration.timeInterval))
        status.expiresAt = extended
        let asked = "asked by \(round.request.user)"
        let by =
            round.approvedBy.isEmpty
            ? "\(asked); AccessPolicy \"\(terms.policy)\" extends without approval"
            : "\(asked), approved by \(round.approvedBy.joined(separator: ", "))"
        let message = "Grant extended by \(GoDuration.humanize(round.duration)) (\(by)): now expires at \(extended)."
        decide(round, .extended, message, index: index, expiresAt: extended)
    }

    /// Writes the round's entry (at `index` in `status.extensions`, or appended) as decided, and
    /// records it.
    mutating func decide(
        _ round: ExtensionTally.Round, _ state: GrantExtension.State, _ message: String, index: Int,
        expiresAt: KubeTime? = nil
    ) {
        let entry = GrantExtension(
            requestedBy: round.request.user, requestedAt: round.request.time,
            duration: round.request.duration ?? GoDuration.format(round.duration), state: state,
            approvedBy: round.approvedBy.isEmpty ? nil : round.approvedBy, decidedAt: now, expiresAt: expiresAt,
            message: message)
        var entries = status.extensions ?? []
        if entries.indices.contains(index) { entries[index] = entry } else { entries.append(entry) }
        status.extensions = entries
        let action: AuditAction = state == .extended ? .extended : .extensionDenied
        note(state == .extended ? .normal : .warning, action, message, discriminator: entryKey(index))
    }

    /// Records a round seen for the first time, and keeps it in `status.extensions` while it waits.
    mutating func noteRequested(_ round: ExtensionTally.Round, _ terms: GrantTerms, index: Int) {
        let rules = terms.lifecycle.extensionTerms
        var message =
            "\(round.request.user) asked to extend the grant by \(GoDuration.humanize(round.duration))\(comment(round.request))"
        if let rules, rules.requiredApprovals > 0 {
            message += "; it needs \(rules.requiredApprovals) approval(s) from \(rules.approvers) by \(round.deadline)."
        } else {
            message += "."
        }
        note(.normal, .extensionRequested, message, discriminator: entryKey(index))
        guard round.outcome == .pending else { return }
        status.extensions =
            (status.extensions ?? []) + [
                GrantExtension(
                    requestedBy: round.request.user, requestedAt: round.request.time,
                    duration: round.request.duration ?? GoDuration.format(round.duration), state: .pending,
                    message: message)
            ]
    }

    /// The sentence a waiting extension adds to the grant's message.
    func pendingExtensionText(_ terms: GrantTerms) -> String? {
        let tally = extensionTally(terms)
        guard let round = tally.open, let rules = terms.lifecycle.extensionTerms,
            let index = entryIndices(of: tally.rounds).last ?? nil, status.extensions?[index].state == .pending
        else { return nil }
        let sofar = round.approvedBy.isEmpty ? "" : " (\(round.approvedBy.joined(separator: ", ")))"
        return
            "\(extensionName(round)) waits for approval from \(rules.approvers): \(round.approvedBy.count) of \(rules.requiredApprovals)\(sofar); times out at \(round.deadline)."
    }

    /// Ends every extension still waiting, because the grant ended.
    mutating func lapsePendingExtensions(_ why: String) {
        for (index, entry) in (status.extensions ?? []).enumerated() where entry.state == .pending {
            let record = ApprovalRecord(
                user: entry.requestedBy, decision: .extend, time: entry.requestedAt, duration: entry.duration)
            let duration = ExtensionTally.duration(of: record) ?? .zero
            let round = ExtensionTally.Round(
                request: record, duration: duration, deadline: entry.requestedAt, outcome: .timedOut)
            decide(round, .denied, "\(extensionName(round)) lapsed: \(why).", index: index)
        }
    }

    /// The extension time the verified reviews back: approved rounds recorded as applied. A grant
    /// may exceed its policy's `maxDuration` by this much, and no more (nor beyond `maxTotal`).
    func backedExtensionTime(_ terms: GrantTerms) -> Duration {
        guard terms.lifecycle.extensionTerms != nil else { return .zero }
        let rounds = extensionTally(terms).rounds
        let entries = status.extensions ?? []
        return zip(rounds, entryIndices(of: rounds)).filter { round, index in
            guard case .approved = round.outcome, let index else { return false }
            return entries[index].state == .extended
        }.reduce(.zero) { $0 + $1.0.duration }
    }

    /// `Extension by 30m asked by alice`.
    func extensionName(_ round: ExtensionTally.Round) -> String {
        "Extension by \(GoDuration.humanize(round.duration)) asked by \(round.request.user)"
    }

    /// What makes an extension's records unique: its place in `status.extensions`.
    func entryKey(_ index: Int) -> String { "extension|\(index)" }
}
