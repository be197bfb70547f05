import ArgumentParser
import DrawbridgeControllers
import DrawbridgeCore

/// How the controller delivers notifications to NotificationChannels (docs/notifications.md).
struct NotificationOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: "Deliver notifications to the NotificationChannels AccessPolicies route to (while leading).")
    var notifications = true

    @Option(help: "Give up on a notification not delivered within this long of its event (Go duration).")
    var notificationMaxAge = "24h"

    @Option(help: "How long one delivery may take before it counts as unanswered (Go duration).")
    var notificationTimeout = "10s"

    @Option(help: "Notifications waiting per channel at most; more stay owed in the requests' status.")
    var notificationQueueLimit = 1_000

    @Option(help: "The CloudEvents source attribute of webhook notifications (say, one per cluster).")
    var notificationSource = CloudEventEncoding.defaultSource

    /// A CLIError rather than a ValidationError: one line, without the usage text.
    func validate() throws {
        _ = try settings(namespace: "validate", sender: nil)
    }

    /// The dispatcher's settings, reading Secrets in `namespace` and sending through `sender`; nil
    /// with `--no-notifications` (or no sender).
    func settings(namespace: String, sender: (any NotificationSender)?) throws -> NotificationDispatcher.Settings? {
        let maxAge = try LeaderElectionOptions.duration(notificationMaxAge, "--notification-max-age")
        let timeout = try LeaderElectionOptions.duration(notificationTimeout, "--notification-timeout")
        guard notificationQueueLimit >= 1 else {
            throw CLIError("--notification-queue-limit must be at least 1, got \(notificationQueueLimit)")
        }
        guard notifications, let sender else { return nil }
        return NotificationDispatcher.Settings(
            namespace: namespace, sender: sender, maxAge: maxAge, queueLimit: notificationQueueLimit, timeout: timeout,
            source: notificationSource)
    }
}
