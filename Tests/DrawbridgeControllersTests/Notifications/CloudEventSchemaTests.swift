import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// The CloudEvents a webhook channel sends, as golden files, held to docs/notifications.schema.json:
/// here with a checker of the schema's subset, and in conformance/python/test_notification_schema.py
/// with a complete JSON Schema validator over the same files.
@Suite("CloudEvents match docs/notifications.schema.json")
struct CloudEventSchemaTests {
    static let schemaPath = "docs/notifications.schema.json"

    /// One golden event per shape of `data`: waiting (approve commands), live (grant times, revoke),
    /// a reminder, a request no policy governs (no policy, approvers or required count, no duration),
    /// and a ClusterAccessRequest waiting (request.kind, no namespace, plain kubectl commands).
    static let cases: [(golden: String, event: @Sendable () throws -> NotificationEvent)] = [
        ("cloudevent-requested", { try NotificationFixtures.event() }),
        ("cloudevent-cluster-requested", { try NotificationFixtures.clusterWideEvent() }),
        (
            "cloudevent-granted",
            {
                try NotificationFixtures.event(
                    action: "Granted", request: .fixture(.phase(.active)),
                    message:
                        "ClusterRole/edit bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z (RoleBinding drawbridge-alice-edit)."
                )
            }
        ),
        (
            "cloudevent-expiringsoon",
            {
                let request = AccessRequest.fixture(.phase(.active))
                let expiresAt = request.status?.expiresAt ?? KubeTime(Fixtures.at(1920))
                return try NotificationFixtures.event(
                    action: "ExpiringSoon", request: request,
                    message: ExpiringSoon.message(for: request, expiresAt: expiresAt, now: Fixtures.at(1740)))
            }
        ),
        (
            "cloudevent-rejected",
            {
                let request = AccessRequest.fixture(
                    duration: nil, .custom { $0.status = AccessRequestStatus(phase: .rejected) })
                let owed = OwedNotification(
                    id: NotificationFixtures.id, channel: "oncall", request: request.key,
                    record: NotificationRecord(
                        action: "Rejected", time: KubeTime(Fixtures.at(0)),
                        message:
                            "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\"",
                        channels: ["oncall"]))
                return NotificationEvent.make(owed, request: request, policy: nil, isAuthentic: { _ in true })
            }
        ),
    ]

    static func schema() throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(try PackageRoot.text(schemaPath).utf8))
    }

    /// The structured-mode body `event` is sent as, and the binary-mode body.
    static func bodies(_ event: NotificationEvent) throws -> (structured: JSONValue, binary: JSONValue) {
        var target = CloudEventEncodingTests.target
        let structured = try NotificationHTTPRequest.make(
            event, to: target, source: CloudEventEncoding.defaultSource, now: Fixtures.at(61))
        target.kind = .webhook(binary: true)
        let binary = try NotificationHTTPRequest.make(
            event, to: target, source: CloudEventEncoding.defaultSource, now: Fixtures.at(61))
        return (try NotificationFixtures.json(structured.body), try NotificationFixtures.json(binary.body))
    }

    @Test("Each structured-mode body is its golden file, conforms to the schema, and its data is the binary-mode body")
    func goldenEventsConform() throws {
        let checker = SchemaSubsetChecker(root: try Self.schema())
        for (golden, make) in Self.cases {
            let (structured, binary) = try Self.bodies(try make())
            try NotificationGolden.expect(structured, matches: golden)
            #expect(checker.problems(structured) == [], "\(golden)")
            #expect(structured["data"] == binary, "\(golden): binary mode sends the same data")
            #expect(checker.problems(binary, .object(["$ref": "#/$defs/data"])) == [], "\(golden)")
        }
    }

    @Test("Every member the code writes is in the schema, and the schema's required members are written")
    func schemaIsExact() throws {
        let schema = try Self.schema()
        let checker = SchemaSubsetChecker(root: schema)
        var seen: Set<String> = []
        for (_, make) in Self.cases {
            let (structured, _) = try Self.bodies(try make())
            seen.formUnion(structured.objectValue?.keys.map { $0 } ?? [])
            seen.formUnion(structured["data"]?.objectValue?.keys.map { "data.\($0)" } ?? [])
        }
        let documented = Set(schema["properties"]?.objectValue?.keys.map { $0 } ?? []).union(
            schema["$defs"]?["data"]?["properties"]?.objectValue?.keys.map { "data.\($0)" } ?? [])
        #expect(seen == documented, "every documented member appears in some golden event, and no other")

        // A renamed member breaks the schema, at the top and inside data.
        var event = try Self.bodies(try NotificationFixtures.event()).structured
        event["subject"] = nil
        event["subj"] = "demo/alice-edit"
        #expect(checker.problems(event) == ["$: missing required subject", "$: subj is not allowed"])
        event = try Self.bodies(try NotificationFixtures.event()).structured
        event["data"]?["approvals"]?["stillNeeded"] = nil
        event["data"]?["approvals"]?["still_needed"] = 1
        #expect(
            checker.problems(event) == [
                "$.data.approvals: missing required stillNeeded", "$.data.approvals: still_needed is not allowed",
            ])
        event = try Self.bodies(try NotificationFixtures.event()).structured
        event["data"]?["reason"] = nil
        event["data"]?["why"] = "INC-4242"
        #expect(checker.problems(event) == ["$.data: why is not allowed"])
    }
}
