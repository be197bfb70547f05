import DrawbridgeCore
import Foundation
import Synchronization

/// Where audit records go. Writes must be durable before `write` returns: the controller records a
/// transition before it commits the status, so a crash in between repeats the record (same `id`)
/// rather than losing it.
public protocol AuditSink: Sendable {
    func write(_ record: AuditRecord) async throws
}

/// Discards records (no `--audit-log`).
public struct DiscardingAuditSink: AuditSink {
    public init() {}
    public func write(_ record: AuditRecord) async throws {}
}

/// Keeps records in memory; tests and benchmarks read them back.
public final class MemoryAuditSink: AuditSink {
    private let state = Mutex<[AuditRecord]>([])
    public init() {}
    public func write(_ record: AuditRecord) async throws { state.withLock { $0.append(record) } }
    /// Everything written so far, oldest first.
    public var records: [AuditRecord] { state.withLock { $0 } }
}

/// JSON Lines to a file (appended; each record handed to the kernel before `write` returns, so it
/// survives a controller crash; `fsync: true` also survives a node crash, at a cost per record) or to
/// standard output (`-`).
public final class JSONLinesAuditSink: AuditSink {
    private let handle: Mutex<FileHandle>
    private let syncs: Bool
    public let destination: String

    /// Opens `path` for appending, creating it (mode 0600) if needed; `-` means standard output.
    public init(path: String, fsync: Bool = false) throws {
        destination = path
        if path == "-" {
            handle = Mutex(FileHandle.standardOutput)
            syncs = false
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            else { throw AuditSinkError(message: "cannot create audit log \(path)") }
        }
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw AuditSinkError(message: "cannot open audit log \(path) for writing")
        }
        file.seekToEndOfFile()
        handle = Mutex(file)
        syncs = fsync
    }

    public func write(_ record: AuditRecord) async throws {
        let line = Data((try record.jsonLine() + "\n").utf8)
        try handle.withLock { file in
            try file.write(contentsOf: line)
            if syncs { try file.synchronize() }
        }
    }
}

/// The audit log could not be opened or written.
public struct AuditSinkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
