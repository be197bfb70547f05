import DrawbridgeAPI

extension AccessPolicy {
    /// This policy with `notify` set to `routes`.
    public func notifying(_ routes: NotificationRoute...) -> AccessPolicy {
        var copy = self
        copy.spec.notify = routes
        return copy
    }
}
