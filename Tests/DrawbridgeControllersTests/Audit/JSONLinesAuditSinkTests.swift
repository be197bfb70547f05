import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import Testing

/// The audit file as the README describes it: created 0600, appended to (never truncated), one JSON
/// object per line, and ids stable for the same transition.
@Suite struct JSONLinesAuditSinkTests {
    static func record(_ action: AuditAction, message: String) -> AuditRecord {
        AuditRecord(
            id: AuditRecord.makeID(
                requestUID: "uid-1", action: action, from: .pending, to: .active, discriminator: message),
            time: KubeTime(Date(timeIntervalSince1970: 1_800_000_000)), action: action, type: "Normal",
            request: .init(namespace: "demo", name: "a", uid: "uid-1"), requester: "alice", subject: "User \"alice\"",
            role: "ClusterRole/edit", policy: "p", phase: "Active", approvers: ["bob"], expiresAt: nil,
            roleBinding: "drawbridge-a", message: message)
    }

    @Test func theLogIsCreatedPrivateAndAppendedToAcrossRestarts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.jsonl").path

        try await JSONLinesAuditSink(path: path).write(Self.record(.approved, message: "one"))
        try await JSONLinesAuditSink(path: path).write(Self.record(.granted, message: "two"))

        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let decoded = try lines.map { try JSONCoding.decoder.decode(AuditRecord.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.action) == [.approved, .granted])
        #expect(decoded[0] == Self.record(.approved, message: "one"))
    }

    @Test func theSameTransitionGetsTheSameIdAndADifferentOneAnother() {
        #expect(Self.record(.granted, message: "x").id == Self.record(.granted, message: "x").id)
        #expect(Self.record(.granted, message: "x").id != Self.record(.granted, message: "y").id)
        #expect(Self.record(.granted, message: "x").id != Self.record(.expired, message: "x").id)
        #expect(Self.record(.granted, message: "x").id.count == 32)
    }

    @Test func aFolderThatDoesNotExistIsAClearError() throws {
        #expect(throws: AuditSinkError.self) { try JSONLinesAuditSink(path: "/no/such/folder/audit.jsonl") }
    }
}
