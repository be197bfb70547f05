import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import Logging
import Synchronization
import Testing

/// `--log-format json`: the record's fields and the metadata never collide, so the per-phase line
/// (metadata `message`) keeps its detail.
@Suite("JSON log lines")
struct JSONLogHandlerTests {
    /// The lines a logger wrote, parsed.
    final class Lines: Sendable {
        let written = Mutex<[[UInt8]]>([])

        func logger(label: String = "drawbridge.test", provider: Logger.MetadataProvider? = nil) -> Logger {
            let handler = JSONLogHandler(
                label: label, metadataProvider: provider, now: { Date(timeIntervalSince1970: 1_795_000_109.25) },
                write: { line in self.written.withLock { $0.append(line) } })
            return Logger(label: label) { _ in handler }
        }

        var parsed: [JSONValue] {
            written.withLock { $0 }.compactMap { try? JSONValue.parse($0) }
        }
    }

    @Test("A metadata key named message stays in metadata, beside the record's own message")
    func messageMetadataKept() throws {
        let lines = Lines()
        lines.logger().info(
            "phase changed", metadata: ["message": "1/1 approvals", "request": "demo/alice-edit-demo", "level": "x"])
        let line = try #require(lines.parsed.first)
        #expect(line["message"] == "phase changed")
        #expect(line["level"] == "info")
        #expect(line["logger"] == "drawbridge.test")
        #expect(line["time"] == "2026-11-18T11:08:29.250Z")
        #expect(
            line["metadata"]
                == ["message": "1/1 approvals", "request": "demo/alice-edit-demo", "level": "x"])
    }

    @Test("Each record is one line ending in a newline, with sorted keys")
    func oneSortedLine() throws {
        let lines = Lines()
        lines.logger().warning("two\nlines", metadata: ["b": "1", "a": "2"])
        let raw = try #require(lines.written.withLock { $0.first })
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        #expect(text.dropLast().contains("\n") == false)
        #expect(
            text
                == #"{"level":"warning","logger":"drawbridge.test","message":"two\nlines","metadata":{"a":"2","b":"1"},"time":"2026-11-18T11:08:29.250Z"}"#
                + "\n")
    }

    @Test("Without metadata there is no metadata member")
    func noMetadata() throws {
        let lines = Lines()
        lines.logger().error("plain")
        let line = try #require(lines.parsed.first)
        #expect(line["metadata"] == nil)
        #expect(line.objectValue?.keys.sorted() == ["level", "logger", "message", "time"])
    }

    @Test("Nested metadata stays JSON: dictionaries become objects, lists arrays")
    func nestedMetadata() throws {
        let lines = Lines()
        lines.logger().info(
            "nested", metadata: ["approvers": ["bob", "carol"], "request": ["namespace": "demo", "name": "a"]])
        let line = try #require(lines.parsed.first)
        #expect(line["metadata"]?["approvers"] == ["bob", "carol"])
        #expect(line["metadata"]?["request"] == ["namespace": "demo", "name": "a"])
    }

    @Test("Handler, provider and call metadata merge; the call's value wins")
    func mergeOrder() throws {
        let lines = Lines()
        var logger = lines.logger(provider: Logger.MetadataProvider { ["trace": "t-1", "who": "provider"] })
        logger[metadataKey: "component"] = "webhook"
        logger[metadataKey: "who"] = "handler"
        logger.info("merged", metadata: ["who": "call"])
        let line = try #require(lines.parsed.first)
        #expect(line["metadata"] == ["component": "webhook", "trace": "t-1", "who": "call"])
    }

    @Test("An error passed with the call gets its own member")
    func errorMember() throws {
        struct Broken: Error, CustomStringConvertible {
            var description: String { "the audit sink is full" }
        }
        let lines = Lines()
        let handler = JSONLogHandler(label: "drawbridge.test", now: { Date(timeIntervalSince1970: 0) }) { line in
            lines.written.withLock { $0.append(line) }
        }
        handler.log(
            event: LogEvent(
                level: .error, message: "audit failed", error: Broken(), metadata: nil, source: "test", file: #file,
                function: #function, line: #line))
        let line = try #require(lines.parsed.first)
        #expect(line["error"] == "the audit sink is full")
        #expect(line["time"] == "1970-01-01T00:00:00.000Z")
    }
}
