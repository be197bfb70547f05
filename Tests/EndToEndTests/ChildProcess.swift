import DrawbridgeTesting
import Foundation

/// The drawbridge binary running as a child process, its output captured to files, so a test can
/// watch its log and stop it the way Kubernetes does (SIGTERM) or the way a crash does (SIGKILL).
final class ChildProcess: Sendable {
    let directory: URL
    private let process: Process
    private let terminated: Task<Int32, Never>

    /// Starts `drawbridge arguments...`; output goes to files in a fresh temporary directory.
    convenience init(_ arguments: [String], name: String) throws {
        try self.init(arguments, in: try Self.scratchDirectory(name))
    }

    /// A fresh temporary directory for a child's files.
    static func scratchDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Starts `drawbridge arguments...` (or `executable arguments...`) in `workingDirectory`, with
    /// output in files in `directory` (removed when this object goes) and `environment` added to this
    /// process's own.
    init(
        _ arguments: [String], in directory: URL, workingDirectory: URL? = nil, environment: [String: String] = [:],
        executable: String? = nil
    ) throws {
        guard let binary = executable ?? CommandLineTests.binary else {
            throw HarnessError("the drawbridge binary is not built")
        }
        self.directory = directory
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let (exits, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { continuation.yield($0.terminationStatus) }
        try process.run()
        self.process = process
        terminated = Task { await exits.first { _ in true } ?? -1 }
    }

    var stdout: String { (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }

    /// Waits (real time, at most `timeout`) until the log on standard error contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await wait(until: text, in: { $0.stderr }, timeout: timeout)
    }

    /// Waits (real time, at most `timeout`) until standard output contains `text` (a banner).
    func waitForOutput(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await wait(until: text, in: { $0.stdout }, timeout: timeout)
    }

    /// Polls `stream` for `text`; gives up early once the process has exited without printing it.
    private func wait(until text: String, in stream: (ChildProcess) -> String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if stream(self).contains(text) { return true }
            if !isRunning { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return stream(self).contains(text)
    }

    /// Sends `signal` and returns the exit status once the process has ended.
    func stop(signal: Int32 = SIGTERM) async -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return await terminated.value
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}
