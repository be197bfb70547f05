import Foundation
import Subprocess
import SystemPackage

/// Runs an exec credential plugin and caches its token until `status.expirationTimestamp`, as
/// client-go does: the plugin runs once per process while its token is valid, again once the
/// token has expired, and again when the server rejects it (401), whatever its expiry said.
///
/// Concurrent callers share one run. Every failure is one line naming the plugin: the program is
/// missing (with the kubeconfig's install hint), it failed, or it printed something that is not
/// an ExecCredential.
public actor ExecCredentialProvider {
    /// What one run of the plugin produced.
    public struct RunResult: Sendable, Hashable {
        /// The exit status.
        public var status: Int32
        /// Everything it printed on standard output.
        public var output: [UInt8]

        /// The result of a run.
        public init(status: Int32, output: [UInt8]) {
            self.status = status
            self.output = output
        }
    }

    /// Starts `executable` with `arguments` and `environment` and collects its standard output;
    /// `interactive` hands it this process's standard input. Injectable so tests need no programs.
    public typealias Runner =
        @Sendable (_ executable: String, _ arguments: [String], _ environment: [String: String], _ interactive: Bool)
        async throws -> RunResult

    /// The plugin this provider runs.
    public let plugin: ExecCredentialPlugin
    private let environment: [String: String]
    private let stdinIsTerminal: Bool
    private let now: @Sendable () -> Date
    private let run: Runner
    private var cached: ExecCredential?
    private var inFlight: Task<ExecCredential, any Error>?

    /// A provider for `plugin`, run with the caller's `environment` (plus the plugin's own entries)
    /// and its `now` for expiry; `stdinIsTerminal` decides whether an interactive plugin gets the
    /// terminal.
    public init(
        plugin: ExecCredentialPlugin, environment: [String: String] = ProcessInfo.processInfo.environment,
        stdinIsTerminal: Bool = isatty(STDIN_FILENO) == 1, now: @escaping @Sendable () -> Date = { Date() },
        run: @escaping Runner = ExecCredentialProvider.runProcess
    ) {
        self.plugin = plugin
        self.environment = environment
        self.stdinIsTerminal = stdinIsTerminal
        self.now = now
        self.run = run
    }

    /// The token to send now: the cached one until it expires, else a fresh one from the plugin.
    public func token() async throws(ClientConfigurationError) -> String {
        if let cached, cached.expiration.map({ now() < $0 }) ?? true { return cached.token }
        return try await refresh().token
    }

    /// After the server answered 401 to `rejected`: the token to retry with, running the plugin
    /// again unless another caller already did; nil when there is nothing new to try.
    public func token(replacing rejected: String) async -> String? {
        if let cached, cached.token != rejected { return cached.token }
        cached = nil
        guard let fresh = try? await refresh(), fresh.token != rejected else { return nil }
        return fresh.token
    }

    /// Runs the plugin (once, however many callers wait) and caches what it printed.
    private func refresh() async throws(ClientConfigurationError) -> ExecCredential {
        let task: Task<ExecCredential, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let plugin = self.plugin, environment = self.environment, run = self.run
            let interactive = stdinIsTerminal && plugin.interactiveMode != .never
            task = Task { try await Self.fetch(plugin, environment: environment, interactive: interactive, run: run) }
            inFlight = task
        }
        defer { inFlight = nil }
        do {
            let credential = try await task.value
            cached = credential
            return credential
        } catch let error as ClientConfigurationError {
            throw error
        } catch {
            throw failure("could not be run: \(error)")
        }
    }

    /// One run: find the program, start it with KUBERNETES_EXEC_INFO, read its ExecCredential.
    static func fetch(
        _ plugin: ExecCredentialPlugin, environment: [String: String], interactive: Bool, run: Runner
    ) async throws -> ExecCredential {
        let name = "kubeconfig user \"\(plugin.user)\": exec credential plugin \"\(plugin.command)\""
        if plugin.interactiveMode == .always, !interactive {
            throw ClientConfigurationError(
                .credentialPlugin, "\(name) needs a terminal (interactiveMode Always), and standard input is not one")
        }
        guard let executable = plugin.executable(searchPath: environment["PATH"]) else {
            let hint = plugin.installHint.map { ": \($0.split(separator: "\n").joined(separator: " "))" } ?? ""
            let place = plugin.command.contains("/") ? "" : " on PATH"
            throw ClientConfigurationError(.credentialPlugin, "\(name) was not found\(place)\(hint)")
        }
        var variables = environment.merging(plugin.environment) { _, own in own }
        variables["KUBERNETES_EXEC_INFO"] = plugin.execInfo(interactive: interactive)
        let result: RunResult
        do {
            result = try await run(executable, plugin.args, variables, interactive)
        } catch let error as OutputTooLong {
            throw ClientConfigurationError(.credentialPlugin, "\(name) printed no valid ExecCredential: \(error)")
        } catch {
            throw ClientConfigurationError(.credentialPlugin, "\(name) could not be started: \(error)")
        }
        guard result.status == 0 else {
            throw ClientConfigurationError(
                .credentialPlugin, "\(name) failed with exit status \(result.status) (its own message is above)")
        }
        switch ExecCredential.parse(result.output, apiVersion: plugin.apiVersion) {
        case .success(let credential): return credential
        case .failure(let problem):
            throw ClientConfigurationError(.credentialPlugin, "\(name) printed no valid ExecCredential: \(problem)")
        }
    }

    private func failure(_ text: String) -> ClientConfigurationError {
        ClientConfigurationError(
            .credentialPlugin,
            "kubeconfig user \"\(plugin.user)\": exec credential plugin \"\(plugin.command)\" \(text)")
    }

    /// The real runner: a child process whose standard error goes to ours (plugins print their
    /// prompts and complaints there), started with every signal at its default action and none
    /// blocked. The threads we run on block most signals (Dispatch's workers do), and a child started
    /// with `Foundation.Process` kept that mask: a hanging plugin ignored Ctrl-C and SIGTERM.
    public static let runProcess: Runner = { executable, arguments, environment, interactive in
        let program = Executable.path(FilePath(executable))
        // Each entry ends in a NUL: the library hands the bytes to strdup as they are.
        let variables = Environment.custom(environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] })
        // Standard input is the terminal for an interactive plugin, nothing otherwise.
        func run<Input: InputProtocol>(_ input: Input) async throws -> (TerminationStatus, [UInt8]) {
            let result = try await Subprocess.run(
                program, arguments: Arguments(arguments), environment: variables, input: input,
                output: .bytes(limit: ExecCredentialProvider.outputLimit), error: .currentStandardError)
            return (result.terminationStatus, result.standardOutput)
        }
        let status: TerminationStatus
        let printed: [UInt8]
        do {
            (status, printed) = interactive ? try await run(.currentStandardInput) : try await run(.none)
        } catch let error as SubprocessError where error.code == .outputLimitExceeded {
            throw OutputTooLong()
        }
        switch status {
        case .exited(let code): return RunResult(status: code, output: printed)
        // As a shell reports it: 128 plus the signal's number.
        case .signaled(let signal): return RunResult(status: 128 + signal, output: printed)
        }
    }

    /// Most a plugin may print: an ExecCredential is a few kilobytes.
    static let outputLimit = 1 << 20

    /// A plugin printed more than `outputLimit` bytes.
    struct OutputTooLong: Error, CustomStringConvertible {
        var description: String { "it printed more than \(ExecCredentialProvider.outputLimit) bytes" }
    }
}
