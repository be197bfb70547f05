import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

@Suite struct BearerTokenSourceTests {
    @Test func aTokenFileIsReReadOnlyOnceTheRefreshIntervalHasPassed() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("token", "first\n")
        let clock = ManualClock()
        let source = BearerTokenSource(tokenFile: path, refreshInterval: .seconds(60), clock: clock)
        #expect(try source.token() == "first")
        try folder.write("token", "second")
        await clock.advance(by: .seconds(59))
        #expect(try source.token() == "first")
        await clock.advance(by: .seconds(1))
        #expect(try source.token() == "second")
    }

    @Test func aRejectedTokenIsReplacedAtOnceWhenTheFileChanged() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("token", "old")
        let source = BearerTokenSource(tokenFile: path, refreshInterval: .seconds(60), clock: ManualClock())
        #expect(try source.token() == "old")
        #expect(source.token(replacing: "old") == nil)
        try folder.write("token", "new")
        #expect(source.token(replacing: "old") == "new")
        #expect(try source.token() == "new")
    }

    @Test func aFixedTokenIsNeverReplaced() throws {
        let source = BearerTokenSource(token: "fixed")
        #expect(try source.token() == "fixed")
        #expect(source.token(replacing: "fixed") == nil)
    }

    @Test func aTokenFileThatDisappearsKeepsTheLastTokenButOneNeverReadFails() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("token", "kept")
        let clock = ManualClock()
        let source = BearerTokenSource(tokenFile: path, refreshInterval: .seconds(1), clock: clock)
        #expect(try source.token() == "kept")
        try FileManager.default.removeItem(atPath: path)
        await clock.advance(by: .seconds(2))
        #expect(try source.token() == "kept")
        let missing = BearerTokenSource(tokenFile: "\(folder.path)/absent", clock: clock)
        #expect(
            throws: ClientConfigurationError(
                .unreadableFile, "cannot read token file \(folder.path)/absent: no such file or directory")
        ) { try missing.token() }
    }
}
