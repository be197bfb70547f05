import DrawbridgeAPI

/// Records in a plan's status which notifications its transition owes: one `status.notifications`
/// entry per audit record whose action a policy routes to some channel, keyed by the record's id.
///
/// The entry rides on the status write the transition makes anyway, so nothing is written for it
/// alone, and a request whose policy has no `notify` carries nothing. A record already in the
/// ledger (the same transition planned again after a conflict) is left as it is, deliveries and all.
public enum NotificationLedger {
    /// `plan`, its status carrying a ledger entry for each routed audit record. A plan that writes
    /// no status records nothing (no routable action happens without a status write).
    static func recording(_ plan: Plan, for input: PolicyInput, policies: PolicySet) -> Plan {
        guard var status = plan.status else { return plan }
        var ledger = status.notifications ?? [:]
        for record in plan.audit where ledger[record.id] == nil {
            guard let action = NotificationAction(record.action) else { continue }
            let routes =
                action == .audit(.rejected)
                ? NotificationRouting.routes(covering: input, in: policies)
                : NotificationRouting.routes(ofPolicy: status.policy, in: policies)
            let channels = NotificationRouting.channels(for: action, in: routes)
            guard !channels.isEmpty else { continue }
            ledger[record.id] = NotificationRecord(
                action: action.rawValue, time: record.time, message: record.message, channels: channels)
        }
        guard !ledger.isEmpty, ledger != status.notifications else { return plan }
        status.notifications = ledger
        var plan = plan
        plan.status = status
        return plan
    }
}
