import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a command's services until SIGINT or SIGTERM, or until one of them ends, then shuts them all
/// down gracefully in the reverse order they were given, so what depends on another stops first.
enum ServiceRunner {
    /// How long a graceful shutdown may take before what is left is cancelled: within the
    /// Deployment's 30 s grace period, so the controller never gets killed mid-write by the kubelet.
    static let maximumGracefulShutdown = Duration.seconds(20)

    /// `services` serve until the group shuts down; a service that ends or fails shuts the group down
    /// (its error is rethrown). `steps` run once alongside them (announcements, registrations): one
    /// that finishes leaves the group running, one that fails shuts it down with its error. A step
    /// still running at shutdown is cancelled.
    static func run(_ services: [any Service], steps: [any Service] = [], logger: Logger) async throws {
        let serving = services.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        let once = steps.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: CancelledOnShutdown(base: $0), successTerminationBehavior: .ignore,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        var configuration = ServiceGroupConfiguration(
            services: serving + once, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = maximumGracefulShutdown
        try await ServiceGroup(configuration: configuration).run()
    }

    /// A one-off step that stops at once when the group shuts down (it has nothing to finish).
    struct CancelledOnShutdown: Service {
        let base: any Service

        func run() async throws {
            try await cancelWhenGracefulShutdown { try await base.run() }
        }
    }
}
