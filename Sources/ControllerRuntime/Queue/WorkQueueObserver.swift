import DrawbridgeAPI

/// What a `WorkQueue` reports as it runs, for metrics: client-go's workqueue metrics (adds, retries,
/// queue latency, work duration), with the depth left to be read at scrape time (`WorkQueue.depth`).
///
/// Every hook is optional and runs outside the queue's lock; the queue reads its clock only when a
/// timing hook is set.
public struct WorkQueueObserver: Sendable {
    /// A key was added that was not already waiting (a key added again while it waits counts once;
    /// one added while a worker holds it counts again, as it will be processed again).
    public var added: (@Sendable (_ key: ObjectKey) -> Void)?
    /// A delayed or rate-limited add was asked for (client-go counts every `AddAfter` as a retry).
    public var retried: (@Sendable (_ key: ObjectKey) -> Void)?
    /// How long a key waited between its first add and a worker taking it.
    public var waited: (@Sendable (_ key: ObjectKey, _ wait: Duration) -> Void)?
    /// How long a worker held a key, from taking it to `done`.
    public var worked: (@Sendable (_ key: ObjectKey, _ duration: Duration) -> Void)?

    /// Hooks left nil cost nothing; a queue made without any times nothing.
    public init(
        added: (@Sendable (_ key: ObjectKey) -> Void)? = nil, retried: (@Sendable (_ key: ObjectKey) -> Void)? = nil,
        waited: (@Sendable (_ key: ObjectKey, _ wait: Duration) -> Void)? = nil,
        worked: (@Sendable (_ key: ObjectKey, _ duration: Duration) -> Void)? = nil
    ) {
        self.added = added
        self.retried = retried
        self.waited = waited
        self.worked = worked
    }

    /// True when a hook needs the queue's clock.
    var isTiming: Bool { waited != nil || worked != nil }
}
