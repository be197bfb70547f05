import APIServerEmulator
import DrawbridgeAPI
import Foundation
import Testing

@Suite("Emulator CRUD semantics")
struct CRUDSemanticsTests {
    let server = EmulatorClient.makeServer()
    var admin: EmulatorClient { EmulatorClient(server) }

    @Test("Create answers 201 with server-set metadata and a duplicate answers 409 AlreadyExists")
    func createAndDuplicate() async throws {
        let (code, created) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("a"))
        #expect(code == 201)
        #expect(created[path: ["metadata", "uid"]]?.stringValue?.count == 36)
        #expect(created[path: ["metadata", "creationTimestamp"]] != nil)
        #expect(created[path: ["metadata", "generation"]] == nil, "ConfigMaps do not track generation")
        #expect(!created.rv.isEmpty)
        let (again, status) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("a"))
        #expect(again == 409)
        #expect(status["reason"] == "AlreadyExists")
        #expect(status["message"] == "configmaps \"a\" already exists")
    }

    @Test("Get of a missing object is a 404 Status worded like kube-apiserver")
    func notFound() async throws {
        let (code, status) = try await admin.call(
            "GET", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/nope")
        #expect(code == 404)
        #expect(status["kind"] == "Status")
        #expect(status["message"] == "roles.rbac.authorization.k8s.io \"nope\" not found")
        #expect(status[path: ["details", "kind"]] == "roles")
        let (unknown, _) = try await admin.call("GET", "/apis/example.com/v1/widgets")
        #expect(unknown == 404)
    }

    @Test("Every write bumps the global resourceVersion; a stale update is a 409 Conflict")
    func optimisticConcurrency() async throws {
        let (_, created) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("b"))
        var updated = created
        updated["data"] = ["k": "changed"]
        let (ok, afterUpdate) = try await admin.call("PUT", "/api/v1/namespaces/default/configmaps/b", body: updated)
        #expect(ok == 200)
        #expect(Int(afterUpdate.rv)! > Int(created.rv)!)
        let (conflict, status) = try await admin.call("PUT", "/api/v1/namespaces/default/configmaps/b", body: updated)
        #expect(conflict == 409)
        #expect(
            status["message"]
                == "Operation cannot be fulfilled on configmaps \"b\": the object has been modified; please apply your changes to the latest version and try again"
        )
    }

    @Test("A no-op patch returns the object unchanged without bumping resourceVersion")
    func noOpPatch() async throws {
        let (_, created) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("c"))
        let (code, patched) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/c", body: ["data": ["k": "v"]],
            contentType: "application/merge-patch+json")
        #expect(code == 200)
        #expect(patched.rv == created.rv)
        let (_, changed) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/c", body: ["data": ["k": "w"]],
            contentType: "application/merge-patch+json")
        #expect(changed.rv != created.rv)
        #expect(changed[path: ["data", "k"]] == "w")
    }

    @Test("Namespaced creates need an existing namespace and a matching body namespace")
    func namespaceChecks() async throws {
        let (missing, status) = try await admin.call(
            "POST", "/api/v1/namespaces/nowhere/configmaps", body: EmulatorClient.configMap("x", namespace: "nowhere"))
        #expect(missing == 404)
        #expect(status["message"] == "namespaces \"nowhere\" not found")
        let (mismatch, mismatchStatus) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps",
            body: EmulatorClient.configMap("x", namespace: "kube-system"))
        #expect(mismatch == 400)
        #expect(
            mismatchStatus["message"]
                == "the namespace of the provided object does not match the namespace sent on the request")
    }

    @Test("A Namespace is created Active with the kubernetes finalizer and its name label")
    func namespaceDefaults() async throws {
        let (code, namespace) = try await admin.call(
            "POST", "/api/v1/namespaces",
            body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-a"]])
        #expect(code == 201)
        #expect(namespace[path: ["status", "phase"]] == "Active")
        #expect(namespace[path: ["spec", "finalizers"]] == ["kubernetes"])
        #expect(namespace[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] == "team-a")
    }

    @Test("Deleting a namespace empties it, then removes it; creating in it meanwhile is forbidden")
    func namespaceTermination() async throws {
        _ = try await admin.call(
            "POST", "/api/v1/namespaces",
            body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "doomed"]])
        _ = try await admin.call(
            "POST", "/api/v1/namespaces/doomed/configmaps", body: EmulatorClient.configMap("x", namespace: "doomed"))
        let (code, terminating) = try await admin.call("DELETE", "/api/v1/namespaces/doomed")
        #expect(code == 200)
        #expect(terminating[path: ["status", "phase"]] == "Terminating")
        for _ in 0..<100 {
            let (status, _) = try await admin.call("GET", "/api/v1/namespaces/doomed")
            if status == 404 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await admin.call("GET", "/api/v1/namespaces/doomed").0 == 404)
        #expect(try await admin.call("GET", "/api/v1/namespaces/doomed/configmaps/x").0 == 404)
        #expect(try await admin.call("DELETE", "/api/v1/namespaces/default").0 == 403)
    }

    @Test("Finalizers hold an object in deletion until the last one is removed")
    func finalizers() async throws {
        var object = EmulatorClient.configMap("held")
        object[path: ["metadata", "finalizers"]] = ["example.com/hold"]
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: object)
        let (code, deleting) = try await admin.call("DELETE", "/api/v1/namespaces/default/configmaps/held")
        #expect(code == 200)
        #expect(deleting[path: ["metadata", "deletionTimestamp"]] != nil)
        let (addCode, _) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/held",
            body: ["metadata": ["finalizers": ["example.com/hold", "example.com/more"]]],
            contentType: "application/merge-patch+json")
        #expect(addCode == 422)
        let (removeCode, removed) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/held", body: ["metadata": ["finalizers": .null]],
            contentType: "application/merge-patch+json")
        #expect(removeCode == 200, "\(removed)")
        let (after, body) = try await admin.call("GET", "/api/v1/namespaces/default/configmaps/held")
        #expect(after == 404, "\(body[path: ["metadata", "finalizers"]] as Any) \(body.rv)")
    }

    @Test("Deleting an owner garbage-collects its dependents")
    func garbageCollection() async throws {
        let (_, owner) = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("owner"))
        var dependent = EmulatorClient.configMap("dependent")
        dependent[path: ["metadata", "ownerReferences"]] = [
            [
                "apiVersion": "v1", "kind": "ConfigMap", "name": "owner",
                "uid": owner[path: ["metadata", "uid"]] ?? "",
            ]
        ]
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: dependent)
        _ = try await admin.call("DELETE", "/api/v1/namespaces/default/configmaps/owner")
        for _ in 0..<100 where try await admin.call("GET", "/api/v1/namespaces/default/configmaps/dependent").0 != 404 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps/dependent").0 == 404)
    }

    @Test("A RoleBinding's roleRef cannot change")
    func roleRefImmutable() async throws {
        let binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": "rb", "namespace": "default"],
            "subjects": [["kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"]],
            "roleRef": ["kind": "ClusterRole", "name": "view", "apiGroup": "rbac.authorization.k8s.io"],
        ]
        #expect(
            try await admin.call(
                "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", body: binding
            ).0 == 201)
        let (code, status) = try await admin.call(
            "PATCH", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/rb",
            body: ["roleRef": ["name": "edit"]], contentType: "application/merge-patch+json")
        #expect(code == 422)
        #expect(status["reason"] == "Invalid")
    }

    @Test("Lists carry the list kind and resourceVersion, and paginate with continue tokens")
    func listsAndPagination() async throws {
        for index in 0..<5 {
            _ = try await admin.call(
                "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("page-\(index)"))
        }
        let (_, first) = try await admin.call("GET", "/api/v1/namespaces/default/configmaps?limit=2")
        #expect(first["kind"] == "ConfigMapList")
        #expect(first["items"]?.arrayValue?.count == 2)
        #expect(first[path: ["metadata", "remainingItemCount"]] == 3)
        var names = (first["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }
        var token = first[path: ["metadata", "continue"]]?.stringValue
        while let next = token {
            let (_, page) = try await admin.call(
                "GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=\(next)")
            names += (page["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }
            token = page[path: ["metadata", "continue"]]?.stringValue
        }
        #expect(names == (0..<5).map { "page-\($0)" })
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps?continue=garbage!").0 == 400)
    }

    @Test("A Secret's stringData is merged into data as base64 on create and update and never stored")
    func secretStringData() async throws {
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"],
            "data": ["keep": "a2VlcA==", "password": "b2xk"], "stringData": ["password": "hunter2"],
        ]
        let (code, created) = try await admin.call("POST", "/api/v1/namespaces/default/secrets", body: secret)
        #expect(code == 201)
        #expect(created["data"] == ["keep": "a2VlcA==", "password": "aHVudGVyMg=="])
        #expect(created["stringData"] == nil)
        #expect(created["type"] == "Opaque")
        let (_, patched) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/secrets/s", body: ["stringData": ["token": "abc"]],
            contentType: "application/merge-patch+json")
        #expect(patched["data"] == ["keep": "a2VlcA==", "password": "aHVudGVyMg==", "token": "YWJj"])
        #expect(patched["stringData"] == nil)
        let (_, read) = try await admin.call("GET", "/api/v1/namespaces/default/secrets/s")
        #expect(read["stringData"] == nil)
        #expect(read["data"]?["token"] == "YWJj")
    }

    @Test("Bad input gets the Status a real server sends and never crashes the server")
    func badInput() async throws {
        let response = await server.handle(
            APIRequest(
                method: "POST", target: "/api/v1/namespaces/default/configmaps",
                headers: ["authorization": "Bearer admin-test", "content-type": "application/json"],
                body: Array("{not json".utf8)))
        #expect(response.status == 400)
        let wrongKind = try await admin.call(
            "POST", "/api/v1/namespaces/default/configmaps",
            body: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]])
        #expect(wrongKind.0 == 400)
        let oversize = await server.handle(
            APIRequest(
                method: "POST", target: "/api/v1/namespaces/default/configmaps",
                headers: ["authorization": "Bearer admin-test"], body: Array(repeating: 32, count: 4 * 1024 * 1024)))
        #expect(oversize.status == 413)
        let unauthenticated = await server.handle(
            APIRequest(method: "GET", target: "/api/v1/namespaces", headers: ["authorization": "Bearer nope"]))
        #expect(unauthenticated.status == 401)
        #expect(try await admin.call("GET", "/version").1["minor"] == "32")
    }
}
