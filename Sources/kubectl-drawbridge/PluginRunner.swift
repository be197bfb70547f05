import ArgumentParser
import DrawbridgePlugin
import Foundation

/// Runs one subcommand: opens the session as the kubeconfig's user, prints what the action
/// produced, and turns any failure into one `error: ...` line and a documented exit code (never a
/// stack trace).
enum PluginRunner {
    static func run(
        _ cluster: ClusterOptions, _ action: (PluginSession) async throws -> PluginOutput
    ) async throws {
        let session: PluginSession
        do {
            session = try PluginSession.open(
                kubeconfig: cluster.kubeconfig, context: cluster.context, namespace: cluster.namespace)
        } catch {
            throw fail(PluginFailure.from(error))
        }
        let result: Result<PluginOutput, any Error>
        do {
            result = .success(try await action(session))
        } catch {
            result = .failure(error)
        }
        await session.close()
        switch result {
        case .success(let output):
            write(output.stdout, to: .standardOutput)
            write(output.stderr, to: .standardError)
            if output.exitCode != .success { throw ExitCode(output.exitCode.rawValue) }
        case .failure(let error):
            throw fail(PluginFailure.from(error))
        }
    }

    /// Prints `error: message` and returns the exit to throw.
    static func fail(_ failure: PluginFailure) -> ExitCode {
        write("error: \(failure.message)\n", to: .standardError)
        return ExitCode(failure.exitCode.rawValue)
    }

    static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }
}
