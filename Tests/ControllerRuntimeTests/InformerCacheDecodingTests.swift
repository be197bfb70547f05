import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Creates `object` as `manager` (the `fieldManager` parameter), so its managedFields name it.
func create<R: KubeResource>(_ object: R, as manager: String, with client: KubeClient) async throws -> R {
    let response = try await client.send(
        KubeRequest(
            method: "POST", path: ResourcePath.collection(R.self, namespace: object.metadata.namespace),
            query: [.init("fieldManager", manager)], headers: ["Content-Type": "application/json"],
            body: Array(try JSONCoding.encoder.encode(object))))
    return try JSONCoding.decoder.decode(R.self, from: Data(response.body))
}

/// The managers named in an object's managedFields.
func managers<R: KubeResource>(of object: R) -> Set<String> {
    Set((object.metadata.managedFields ?? []).compactMap { $0["manager"]?.stringValue })
}

@Suite(.timeLimit(.minutes(3))) struct InformerCacheDecodingTests {
    static let binding = RoleBinding(
        metadata: ObjectMeta(
            name: "grant", namespace: "demo", labels: ["app.kubernetes.io/managed-by": "drawbridge"],
            annotations: ["drawbridge.dev/expires-at": "2030-01-01T00:00:00Z"]),
        subjects: [Subject(kind: .user, name: "alice", apiGroup: "rbac.authorization.k8s.io")],
        roleRef: RoleRef(kind: "ClusterRole", name: "view"))

    @Test func theCacheHoldsObjectsWithoutManagedFieldsAndEverythingElseAsTheServerHasIt() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        let created = try await create(Self.binding, as: "creator", with: admin)
        #expect(managers(of: created) == ["creator"])
        let running = RunningInformer(RoleBinding.self, harness: harness, namespace: "demo")
        await running.informer.waitForSync()
        let cached = try #require(running.informer.cache.get(created.key))
        #expect(cached.metadata.managedFields == nil)
        var expected = try await admin.get(RoleBinding.self, name: "grant", namespace: "demo")
        expected.metadata.managedFields = nil
        #expect(cached == expected)

        // A watch event is decoded the same way.
        var changed = expected
        changed.metadata.labels?["team"] = "checkout"
        _ = try await admin.update(changed)
        #expect(await eventually { running.informer.cache.get(created.key)?.metadata.labels?["team"] == "checkout" })
        #expect(running.informer.cache.get(created.key)?.metadata.managedFields == nil)
        await running.stop()
    }

    @Test func aFullUpdateBuiltFromACachedObjectKeepsTheServersManagedFields() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        let created = try await create(Self.binding, as: "creator", with: admin)
        let running = RunningInformer(RoleBinding.self, harness: harness, namespace: "demo")
        await running.informer.waitForSync()
        // What the reconciler does when it puts a tampered binding back: PUT the cached copy, changed.
        var fromCache = try #require(running.informer.cache.get(created.key))
        fromCache.subjects.append(Subject(kind: .user, name: "bob", apiGroup: "rbac.authorization.k8s.io"))
        _ = try await harness.client("controller").update(fromCache)
        let stored = try await admin.get(RoleBinding.self, name: "grant", namespace: "demo")
        #expect(stored.subjects.map(\.name) == ["alice", "bob"])
        #expect(managers(of: stored).contains("creator"), "the creator's entry survives: \(managers(of: stored))")
        #expect(stored.metadata.labels == created.metadata.labels)
        #expect(stored.metadata.annotations == created.metadata.annotations)
        await running.stop()
    }

    @Test func aStatusUpdateBuiltFromACachedAccessRequestKeepsTheServersManagedFields() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        let request = AccessRequest(
            metadata: ObjectMeta(name: "req", namespace: "demo", labels: ["team": "checkout"]),
            spec: AccessRequestSpec(
                role: RoleReference(kind: "ClusterRole", name: "view"), duration: "1h", reason: "INC-1"))
        let created = try await create(request, as: "creator", with: admin)
        let running = RunningInformer(AccessRequest.self, harness: harness, namespace: "demo")
        await running.informer.waitForSync()
        // What the reconciler does for every status it writes: PUT /status of the cached copy.
        var fromCache = try #require(running.informer.cache.get(created.key))
        #expect(fromCache.metadata.managedFields == nil)
        fromCache.status = AccessRequestStatus(phase: .pending)
        _ = try await harness.client("controller").updateStatus(fromCache)
        let stored = try await admin.get(AccessRequest.self, name: "req", namespace: "demo")
        #expect(stored.status?.phase == .pending)
        #expect(managers(of: stored).contains("creator"), "the creator's entry survives: \(managers(of: stored))")
        #expect(stored.spec == created.spec)
        #expect(stored.metadata.labels == ["team": "checkout"])
        await running.stop()
    }
}
