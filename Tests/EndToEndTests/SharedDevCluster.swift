import Foundation
import Testing

/// One `drawbridge dev` for a whole suite: started before its first test, stopped after its last,
/// so a suite of end-to-end checks pays for one start-up rather than one per test.
struct SharedDevCluster: SuiteTrait, TestScoping {
    /// The running cluster, inside the suite's scope.
    @TaskLocal static var current: DevProcess?

    /// Not inherited by each test: the suite's one scope covers them all.
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // kubectl-drawbridge on its PATH, as a user who built it would have it: the banner then
        // shows the plugin's commands.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        let dev = try await DevProcess.start(
            environment: PluginBinary.directory.map { ["PATH": "\($0):\(path)"] } ?? [:])
        do {
            try await Self.$current.withValue(dev) { try await function() }
        } catch {
            _ = await dev.stop()
            throw error
        }
        let status = await dev.stop()
        #expect(status == 0, "drawbridge dev exited with \(status): \(dev.stderr)")
    }

    /// The suite's cluster; fails the test when used outside a suite that has the trait.
    static func cluster() throws -> DevProcess {
        guard let current else { throw HarnessError("no shared drawbridge dev: add .sharedDevCluster to the suite") }
        return current
    }
}

extension Trait where Self == SharedDevCluster {
    /// Runs the suite against one shared `drawbridge dev`.
    static var sharedDevCluster: Self { Self() }
}
