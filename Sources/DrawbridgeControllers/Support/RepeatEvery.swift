/// Runs `body` every `interval` on `clock` until the task is cancelled: what every file or Secret
/// that is re-read while the controller runs (serving certificate, client CA, signing keys) needs.
func repeatEvery<C: Clock>(
    _ interval: C.Duration, on clock: C, _ body: () async -> Void
) async {
    while !Task.isCancelled {
        do {
            try await clock.sleep(for: interval)
        } catch {
            return
        }
        await body()
    }
}
