import DrawbridgeTesting
import EmulatorServer
import KubeClient

/// The harness's API server (CRDs installed, users `<name>-harness`) served on a free local port,
/// over HTTPS with a generated CA unless `tls` is false; stopped when `body` returns or throws.
func withServedEmulator(
    tls: Bool = true, _ body: (EmulatorHarness, RunningEmulator) async throws -> Void
) async throws {
    let harness = try await EmulatorHarness()
    let emulator = try await RunningEmulator.start(api: harness.api, tls: tls)
    do {
        try await body(harness, emulator)
    } catch {
        await emulator.stop()
        throw error
    }
    await emulator.stop()
}

/// Runs `body` with `transport`, then shuts the transport down whatever happened.
func using<T>(_ transport: HTTPTransport, _ body: (HTTPTransport) async throws -> T) async throws -> T {
    let result: T
    do {
        result = try await body(transport)
    } catch {
        try? await transport.shutdown()
        throw error
    }
    try await transport.shutdown()
    return result
}

extension RunningEmulator {
    /// TLS material trusting this emulator's CA.
    var trustingTLS: ClientTLS {
        ClientTLS(certificateAuthorityPEM: certificates.map { Array($0.caPEM.utf8) })
    }

    /// A transport to this emulator authenticated as `user` of the harness.
    func transport(as user: String) throws -> HTTPTransport {
        try HTTPTransport(server: url, tls: trustingTLS, token: BearerTokenSource(token: "\(user)-harness"))
    }
}
