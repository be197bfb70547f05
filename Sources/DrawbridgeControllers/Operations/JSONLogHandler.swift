import DrawbridgeAPI
import Foundation
import Logging

/// `--log-format json`: one JSON object per line, for log collectors. The record's own fields and the
/// logger's metadata live apart, so no metadata key can overwrite or lose the message:
///
///     {"level":"info","logger":"drawbridge","message":"phase changed",
///      "metadata":{"message":"1/1 approvals","request":"demo/alice-edit-demo"},"time":"2026-11-23T12:08:29.123Z"}
///
/// `time` (UTC, milliseconds), `level`, `logger` and `message` are always there; `error` when the call
/// passed one; `metadata` when there is any (handler, provider and call metadata merged, the call's
/// winning), with nested dictionaries and lists kept as JSON objects and arrays. Keys are sorted.
public struct JSONLogHandler: LogHandler {
    /// The logger's label (`drawbridge.webhook`, ...).
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let now: @Sendable () -> Date
    let write: @Sendable ([UInt8]) -> Void

    /// A handler handing each line (newline included) to `write`; the clock is injectable for tests.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, write: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    /// A handler writing to standard error, where the Deployment's logs are collected from.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil)
        -> JSONLogHandler
    {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in
            FileHandle.standardError.write(Data(line))
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(Self.line(event, label: label, metadata: merged(event.metadata), time: now()))
    }

    /// One record as a JSON line.
    static func line(_ event: LogEvent, label: String, metadata: Logger.Metadata, time: Date) -> [UInt8] {
        var record: [String: JSONValue] = [
            "time": .string(timestamp(time)), "level": .string(event.level.rawValue), "logger": .string(label),
            "message": .string("\(event.message)"),
        ]
        if let error = event.error { record["error"] = .string("\(error)") }
        if !metadata.isEmpty { record["metadata"] = .object(metadata.mapValues(json)) }
        // A tree of strings always encodes; should it not, the line still says what happened.
        let encoded =
            (try? JSONCoding.encoder.encode(JSONValue.object(record)))
            ?? Data(#"{"message":"a log record could not be encoded as JSON"}"#.utf8)
        return Array(encoded) + [UInt8(ascii: "\n")]
    }

    private func merged(_ call: Logger.Metadata?) -> Logger.Metadata {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let call { all.merge(call) { _, new in new } }
        return all
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .dictionary(let dictionary): .object(dictionary.mapValues(json))
        case .array(let array): .array(array.map(json))
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
