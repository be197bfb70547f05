import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Emulator write options")
struct WriteOptionsTests {
    let server = EmulatorClient.makeServer()
    var admin: EmulatorClient { EmulatorClient(server) }

    @Test("dryRun=All answers like the real write but persists nothing and bumps no resourceVersion")
    func dryRun() async throws {
        let before = server.store.resourceVersion
        let (code, created) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", body: EmulatorClient.configMap("dry"))
        #expect(code == 201)
        #expect(created[path: ["metadata", "uid"]] != nil)
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps/dry").0 == 404)
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("wet"))
        let afterCreate = server.store.resourceVersion
        let (patchCode, patched) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/wet?dryRun=All", body: ["data": ["k": "dry"]],
            contentType: "application/merge-patch+json")
        #expect(patchCode == 200 && patched[path: ["data", "k"]] == "dry")
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps/wet").1[path: ["data", "k"]] == "v")
        #expect(try await admin.call("DELETE", "/api/v1/namespaces/default/configmaps/wet?dryRun=All").0 == 200)
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps/wet").0 == 200)
        #expect(server.store.resourceVersion == afterCreate && afterCreate == before + 1)
    }

    @Test("deletecollection removes exactly the objects the label selector picks")
    func deleteCollection() async throws {
        for (name, app) in [("a", "x"), ("b", "x"), ("c", "y")] {
            var object = EmulatorClient.configMap(name)
            object[path: ["metadata", "labels"]] = ["app": .string(app)]
            _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: object)
        }
        #expect(try await admin.call("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=app%3Dx").0 == 200)
        let (_, list) = try await admin.call("GET", "/api/v1/namespaces/default/configmaps")
        #expect((list["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["c"])
    }

    @Test("JSON patch, strategic merge on built-ins and the resourceVersion precondition in a patch")
    func patchTypes() async throws {
        var object = EmulatorClient.configMap("p")
        object[path: ["metadata", "finalizers"]] = ["a/one"]
        let (_, created) = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: object)
        let (jsonCode, jsonPatched) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/p",
            body: [["op": "add", "path": "/data/extra", "value": "1"]], contentType: "application/json-patch+json")
        #expect(jsonCode == 200 && jsonPatched[path: ["data", "extra"]] == "1")
        let (failedTest, _) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/p",
            body: [["op": "test", "path": "/data/extra", "value": "2"]], contentType: "application/json-patch+json")
        #expect(failedTest == 422)
        // Strategic merge treats finalizers as a set: the new one is added, not a replacement list.
        let (_, merged) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/p", body: ["metadata": ["finalizers": ["a/two"]]],
            contentType: "application/strategic-merge-patch+json")
        #expect(merged[path: ["metadata", "finalizers"]] == ["a/one", "a/two"])
        let (stale, _) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/p",
            body: [["op": "replace", "path": "/metadata/resourceVersion", "value": .string(created.rv)]],
            contentType: "application/json-patch+json")
        #expect(stale == 409)
    }
}

@Suite("Emulator impersonation")
struct ImpersonationTests {
    let server = EmulatorClient.makeServer()

    @Test("Impersonating a user and each claimed group needs its own permission; masters may do both")
    func impersonation() async throws {
        let admin = EmulatorClient(server)
        let (code, review) = try await admin.call(
            "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"],
            headers: ["impersonate-user": "alice", "impersonate-group": "developers"])
        #expect(code == 201)
        #expect(review[path: ["status", "userInfo", "username"]] == "alice")
        // bob may impersonate the user alice, but not the group system:masters.
        let role: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": ["name": "impersonate-alice"],
            "rules": [
                ["verbs": ["impersonate"], "apiGroups": [""], "resources": ["users"], "resourceNames": ["alice"]]
            ],
        ]
        let binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": ["name": "bob-impersonates"],
            "subjects": [["kind": "User", "name": "bob", "apiGroup": "rbac.authorization.k8s.io"]],
            "roleRef": ["kind": "ClusterRole", "name": "impersonate-alice", "apiGroup": "rbac.authorization.k8s.io"],
        ]
        _ = try await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", body: role)
        _ = try await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", body: binding)
        let bob = EmulatorClient(server, as: "bob")
        #expect(
            try await bob.call("GET", "/api/v1/namespaces", headers: ["impersonate-user": "alice"]).0 == 403,
            "alice may not list namespaces")
        let escalation = try await bob.call(
            "GET", "/api/v1/namespaces", headers: ["impersonate-user": "alice", "impersonate-group": "system:masters"])
        #expect(escalation.0 == 403)
        #expect(escalation.1["message"]?.stringValue?.contains("cannot impersonate resource \"groups\"") == true)
        #expect(try await bob.call("GET", "/api/v1/namespaces", headers: ["impersonate-user": "carol"]).0 == 403)
    }
}
