import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation

/// The event a pending request of alice's makes under the fixture policy (one approval from sre).
enum NotificationFixtures {
    static let id = "0123456789abcdef0123456789abcdef"
    static let key = Array("a webhook signing key, 32 bytes!".utf8)

    static func event(
        action: String = "Requested", request: AccessRequest = .fixture(.phase(.pending)),
        message: String =
            "User \"alice\" requested ClusterRole/edit in namespace demo for 30m under AccessPolicy \"developers-edit\".",
        policy: AccessPolicy = .fixture()
    ) throws -> NotificationEvent {
        let policy = try CompiledPolicy.compile(policy).get()
        let owed = OwedNotification(
            id: id, channel: "oncall", request: request.key,
            record: NotificationRecord(
                action: action, time: KubeTime(Fixtures.at(60)), message: message, channels: ["oncall"]))
        return NotificationEvent.make(owed, request: request, policy: policy, isAuthentic: { _ in true })
    }

    /// The same for alice's pending ClusterAccessRequest under the fixture policy made cluster-scoped.
    static func clusterWideEvent() throws -> NotificationEvent {
        try event(
            request: .fixture(.phase(.pending), .clusterWide()),
            message:
                "User \"alice\" requested ClusterRole/edit cluster-wide for 30m under AccessPolicy \"developers-edit\".",
            policy: AccessPolicy.fixture().clusterScoped())
    }

    /// `text` parsed as JSON, for comparing bodies regardless of formatting.
    static func json(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    static func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(bytes))
    }
}
