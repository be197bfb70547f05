import EmulatorServer
import ServiceLifecycle

/// A served emulator as a service: serves until the group shuts down, then stops the way
/// kube-apiserver does (open watches end, requests in flight finish), so a `kubectl get -w` never
/// keeps the process alive.
struct EmulatorService: Service {
    let emulator: RunningEmulator

    func run() async throws {
        try? await gracefulShutdown()
        await emulator.stop()
    }
}
