import APIServerEmulator
import AsyncHTTPClient
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Logging
import Synchronization
import Testing

/// config/rbac must grant the controller exactly what it uses: every call it makes in a full
/// lifecycle is allowed, and every permission granted is used by some call. A permission nobody
/// uses is a permission an attacker who takes over the controller gets for free.
@Suite struct ControllerRBACTests {
    @Test func configRBACGrantsExactlyWhatTheControllerCalls() async throws {
        let recorder = CallRecorder()
        let h = try await ControllerHarness(policies: [
            .fixture().notifying(.init(channel: "oncall", on: ["Granted"])),
            .fixture(
                name: "auto-view", roles: [.init(kind: "ClusterRole", name: "view")], required: 0, approverGroups: nil),
            AccessPolicy.fixture(name: "cluster-view", roles: [.init(kind: "ClusterRole", name: "view")])
                .clusterScoped().notifying(.init(channel: "oncall", on: ["Granted"])),
        ])
        // One lost race on a status write, so the controller's re-read is part of the lifecycle.
        let once = FirstOnly()
        h.api.faults.add(
            .init(failure: StatusError(code: 409, reason: "Conflict", message: "the object has been modified")) {
                $0.method == "PUT" && $0.path.contains("/accessrequests/") && $0.path.hasSuffix("/status")
                    && once.first()
            })
        // The same for a ClusterAccessRequest (its live re-read reads the ClusterRoleBinding too).
        let onceClusterWide = FirstOnly()
        h.api.faults.add(
            .init(failure: StatusError(code: 409, reason: "Conflict", message: "the object has been modified")) {
                $0.method == "PUT" && $0.path.contains("/clusteraccessrequests/") && $0.path.hasSuffix("/status")
                    && onceClusterWide.first()
            })
        // Notifications: a channel whose Secret points at a loopback receiver.
        let receiver = try await NotificationReceiverFixture.start()
        let http = HTTPNotificationSender.makeClient()
        _ = try await h.emulator.client("admin").create(
            Secret(
                metadata: ObjectMeta(name: "oncall", namespace: "drawbridge-system"),
                data: ["url": Data(receiver.url.utf8).base64EncodedString(), "signingKey": "MDEyMzQ1Njc4OWFiY2RlZg=="]))
        _ = try await h.emulator.client("admin").create(
            NotificationChannel(
                metadata: ObjectMeta(name: "oncall"),
                spec: NotificationChannelSpec(type: "webhook", secretRef: SecretReference(name: "oncall"))))
        try await h.start(
            transport: { RecordingTransport(base: $0, recorder: recorder) },
            notifications: .init(namespace: "drawbridge-system", sender: HTTPNotificationSender(client: http)))
        let controller = KubeClient(
            transport: RecordingTransport(base: h.emulator.client("controller").transport, recorder: recorder))

        // Start-up work done with the controller's identity: the signing key, the CA bundle.
        _ = try await SigningKeyStore(client: controller).loadOrCreate()
        _ = try await SigningKeyStore(client: controller).loadOrCreate()
        // The webhook asks whether someone deleting a request holds accessrequests/force.
        #expect(
            await AccessReviewClient(client: controller).ask(
                .init(user: .init(username: "frank"), namespace: "demo", name: "edit")) == .denied)
        _ = try await CABundleInjector(client: controller).inject(
            caPEM: "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n")
        // Leader election: acquire (create), renew (get, update), release on a clean stop.
        let clock = h.clock
        let elector = LeaderElector(
            config: LeaderElectionConfig(identity: "rbac-test"), client: controller, clock: clock, now: { clock.date },
            logger: Logger(label: "rbac-test"))
        let electing = Task { await elector.run {} }
        try await h.eventually("the elector leads") { elector.isLeader ? true : nil }
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .seconds(2))
        await clock.waitForSleepers(atLeast: 1)
        electing.cancel()
        await electing.value

        // A grant approved, tampered with three times (deleted twice, so the repeated Event is
        // patched rather than created, then edited), and expired.
        try await h.create(AccessRequest.fixture(name: "edit"))
        try await h.waitFor("edit", phase: .pending)
        try await h.review("edit", as: "bob")
        try await h.waitFor("edit", phase: .active)
        try await h.eventually("the grant's notification is recorded") {
            try await h.request("edit").status?.notifications?.values.first?.deliveries == nil ? nil : true
        }
        let admin = h.emulator.client("admin")
        for attempt in 1...2 {
            let before = try #require(try await h.binding(of: "edit")).metadata.uid
            try await admin.delete(RoleBinding.self, name: "drawbridge-edit", namespace: "demo")
            try await h.eventually("the binding is restored (\(attempt))") {
                try await h.binding(of: "edit").flatMap { $0.metadata.uid != before ? true : nil }
            }
        }
        var edited = try #require(try await h.binding(of: "edit"))
        edited.subjects = [Subject(kind: .user, name: "mallory", apiGroup: "rbac.authorization.k8s.io")]
        _ = try await admin.update(edited)
        try await h.eventually("the binding is reverted") {
            try await h.binding(of: "edit")?.subjects.first?.name == "alice" ? true : nil
        }
        await h.clock.advance(by: .seconds(31 * 60))
        try await h.waitFor("edit", phase: .expired)
        // A cluster-wide grant: approved, its ClusterRoleBinding deleted and edited, then expired.
        try await h.createClusterWide(
            AccessRequest.fixture(name: "wide", role: .init(kind: "ClusterRole", name: "view")))
        try await h.waitForClusterWide("wide", phase: .pending)
        try await h.reviewClusterWide("wide", as: "bob")
        try await h.waitForClusterWide("wide", phase: .active)
        try await h.eventually("the cluster-wide grant's notification is recorded") {
            try await h.clusterRequest("wide")?.status?.notifications?.values.first?.deliveries == nil ? nil : true
        }
        let wideUID = try #require(try await h.clusterBinding(of: "wide")).metadata.uid
        try await admin.delete(ClusterRoleBinding.self, name: "drawbridge-wide")
        try await h.eventually("the ClusterRoleBinding is restored") {
            try await h.clusterBinding(of: "wide").flatMap { $0.metadata.uid != wideUID ? true : nil }
        }
        var wide = try #require(try await h.clusterBinding(of: "wide"))
        wide.subjects = [Subject(kind: .user, name: "mallory", apiGroup: "rbac.authorization.k8s.io")]
        _ = try await admin.update(wide)
        try await h.eventually("the ClusterRoleBinding is reverted") {
            try await h.clusterBinding(of: "wide")?.subjects.first?.name == "alice" ? true : nil
        }
        await h.clock.advance(by: .seconds(31 * 60))
        try await h.waitForClusterWide("wide", phase: .expired)
        // Another, revoked by an approver: its ClusterRoleBinding goes on its own.
        try await h.createClusterWide(
            AccessRequest.fixture(name: "wide-revoked", role: .init(kind: "ClusterRole", name: "view")))
        try await h.waitForClusterWide("wide-revoked", phase: .pending)
        try await h.reviewClusterWide("wide-revoked", as: "bob")
        try await h.waitForClusterWide("wide-revoked", phase: .active)
        try await h.reviewClusterWide("wide-revoked", as: "bob", decision: .revoke)
        try await h.waitForClusterWide("wide-revoked", phase: .revoked)
        // An auto-approved view grant, withdrawn by deleting the request (the finalizer revokes it).
        try await h.create(AccessRequest.fixture(name: "view", role: .init(kind: "ClusterRole", name: "view")))
        try await h.waitFor("view", phase: .active)
        try await h.emulator.client("alice").delete(AccessRequest.self, name: "view", namespace: "demo")
        try await h.eventually("the request is gone") {
            try await admin.getIfPresent(AccessRequest.self, name: "view", namespace: "demo") == nil ? true : nil
        }
        await h.stop()
        await receiver.stop()
        try await http.shutdown()

        let calls = recorder.calls
        let rules = try Self.controllerRules()
        let refused = calls.filter { call in !rules.contains { $0.allows(.resource(call)) } }
        #expect(refused.isEmpty, "calls config/rbac does not allow: \(refused)")
        var unused: [String] = []
        for rule in rules {
            for grant in Self.expand(rule) where !calls.contains(where: { grant.allows(.resource($0)) }) {
                unused.append("\(grant.verbs) \(grant.resources ?? []) \(grant.resourceNames ?? [])")
            }
        }
        #expect(unused.isEmpty, "granted but never used: \(unused)")
    }

    /// The rules of every Role and ClusterRole in config/rbac bound to the controller's ServiceAccount.
    static func controllerRules() throws -> [PolicyRule] {
        var rules: [PolicyRule] = []
        for file in [
            "config/rbac/role.yaml", "config/rbac/signing_key_role.yaml", "config/rbac/leader_election_role.yaml",
            "config/rbac/notification_secrets_role.yaml",
        ] {
            for document in try YAMLJSON.documents(in: try PackageRoot.text(file)) {
                switch document["kind"]?.stringValue {
                case "ClusterRole": rules += try document.decode(as: ClusterRole.self).rules
                case "Role": rules += try document.decode(as: Role.self).rules
                default: continue
                }
            }
        }
        return rules
    }

    /// One rule per (group, resource, verb), keeping resourceNames, so each can be checked for use.
    static func expand(_ rule: PolicyRule) -> [PolicyRule] {
        var single: [PolicyRule] = []
        for group in rule.apiGroups ?? [] {
            for resource in rule.resources ?? [] {
                for verb in rule.verbs {
                    single.append(
                        PolicyRule(
                            verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: rule.resourceNames)
                    )
                }
            }
        }
        return single
    }
}

/// Every call's RBAC attributes, including the ones the API server checks implicitly on a binding
/// write: `bind` on the role it references, and `update` on the owner's `finalizers` when the
/// binding's ownerReference sets blockOwnerDeletion (kube-apiserver's
/// OwnerReferencesPermissionEnforcement admission plugin).
final class CallRecorder: Sendable {
    private let state = Mutex<[AuthorizationAttributes.ResourceRequest]>([])
    var calls: [AuthorizationAttributes.ResourceRequest] { state.withLock { $0 } }

    func record(_ request: KubeRequest) {
        guard let call = Self.attributes(of: request) else { return }
        var calls = [call]
        if ["create", "update"].contains(call.verb), let body = request.body,
            let binding = Self.binding(call.resource, body)
        {
            calls.append(
                .init(
                    verb: "bind", apiGroup: "rbac.authorization.k8s.io",
                    resource: binding.roleRef.kind == "ClusterRole" ? "clusterroles" : "roles",
                    name: binding.roleRef.name,
                    namespace: call.namespace))
            for owner in binding.metadata.ownerReferences ?? [] where owner.blockOwnerDeletion == true {
                calls.append(
                    .init(
                        verb: "update", apiGroup: "drawbridge.dev",
                        resource: owner.kind == ClusterAccessRequest.kind ? "clusteraccessrequests" : "accessrequests",
                        subresource: "finalizers",
                        name: owner.name, namespace: call.namespace))
            }
        }
        state.withLock { $0 += calls }
    }

    /// The RoleBinding or ClusterRoleBinding a write carries, as a RoleBinding value.
    static func binding(_ resource: String, _ body: [UInt8]) -> RoleBinding? {
        guard let json = try? JSONValue.parse(body) else { return nil }
        switch resource {
        case "rolebindings": return try? json.decode(as: RoleBinding.self)
        case "clusterrolebindings": return (try? json.decode(as: ClusterRoleBinding.self)).map(RoleBinding.init)
        default: return nil
        }
    }

    /// `GET /apis/G/V/namespaces/NS/RES/NAME/SUB?watch=true` as RBAC sees it.
    static func attributes(of request: KubeRequest) -> AuthorizationAttributes.ResourceRequest? {
        var parts = request.path.split(separator: "/").map(String.init)
        let group: String
        if parts.first == "api" {
            group = ""
            parts.removeFirst(2)
        } else if parts.first == "apis", parts.count >= 3 {
            group = parts[1]
            parts.removeFirst(3)
        } else {
            return nil
        }
        var namespace = ""
        if parts.first == "namespaces", parts.count >= 3 {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let resource = parts.first else { return nil }
        let name = parts.count > 1 ? parts[1] : ""
        let subresource = parts.count > 2 ? parts[2] : ""
        let watch = request.query.contains { $0.name == "watch" && ($0.value == "true" || $0.value == "1") }
        let verb: String =
            switch request.method {
            case "GET": name.isEmpty ? (watch ? "watch" : "list") : "get"
            case "POST": "create"
            case "PUT": "update"
            case "PATCH": "patch"
            case "DELETE": name.isEmpty ? "deletecollection" : "delete"
            default: request.method.lowercased()
            }
        return .init(
            verb: verb, apiGroup: group, resource: resource, subresource: subresource, name: name, namespace: namespace)
    }
}

/// Passes every call through, recording it first.
struct RecordingTransport: KubeTransport {
    let base: any KubeTransport
    let recorder: CallRecorder

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        recorder.record(request)
        return try await base.send(request)
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        recorder.record(request)
        return try await base.stream(request)
    }
}
