import Foundation

/// Runs the real kubectl as a child process without blocking a Swift concurrency thread, with a
/// hard timeout, capturing its output through files in `scratch`.
enum KubectlProcess {
    /// Runs kubectl with `arguments`, interrupted (SIGINT, as Ctrl-C) after `timeout` seconds or, for
    /// a command that streams (`get -w`), as soon as its output so far satisfies `until`: a stream
    /// cut off by a fixed timer would race the machine's speed. `environment`, when given, replaces
    /// the inherited one (e.g. a PATH that lets kubectl discover a plugin).
    static func run(
        _ arguments: [String], stdin: String?, timeout: Double, scratch: URL,
        until done: (@Sendable (_ stdout: String) -> Bool)? = nil, environment: [String: String]? = nil
    ) async throws -> KubectlHarness.Result {
        guard let kubectl = KubectlHarness.kubectlPath else { throw HarnessError("kubectl is not on PATH") }
        let id = UUID().uuidString
        let outURL = scratch.appendingPathComponent("\(id).out")
        let errURL = scratch.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--signal=INT", String(timeout), kubectl] + arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = scratch.appendingPathComponent("\(id).in")
            try Data(stdin.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
            guard let done else { return }
            // `timeout` leads its own process group; the whole group gets the signal, because the
            // kubectl on PATH may be a dispatcher that runs the real one as a child.
            let pid = process.processIdentifier
            Task {
                while process.isRunning {
                    if done((try? String(contentsOf: outURL, encoding: .utf8)) ?? "") {
                        kill(-pid, SIGINT)
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return KubectlHarness.Result(status: status, stdout: stdout, stderr: stderr)
    }
}
