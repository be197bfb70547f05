import DrawbridgeCore

/// Passes records to another sink and reports whether each write succeeded, so a failing audit log
/// shows in metrics (and can page someone) instead of only as reconcile errors in the log.
public struct ObservedAuditSink: AuditSink {
    public let base: any AuditSink
    let observer: @Sendable (_ written: Bool) -> Void

    /// Writes go to `base`; `observer` hears true after each write that succeeded, false after each
    /// that threw (the error still reaches the caller).
    public init(_ base: any AuditSink, observer: @escaping @Sendable (_ written: Bool) -> Void) {
        self.base = base
        self.observer = observer
    }

    public func write(_ record: AuditRecord) async throws {
        do {
            try await base.write(record)
        } catch {
            observer(false)
            throw error
        }
        observer(true)
    }
}
