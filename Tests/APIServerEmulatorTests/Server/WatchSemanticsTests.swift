import APIServerEmulator
import DrawbridgeAPI
import Foundation
import Testing

/// Reads newline-delimited watch events from a streaming response until `count` arrived or the stream ends.
func readEvents(_ response: APIResponse, count: Int) async throws -> [JSONValue] {
    guard case .stream(let chunks) = response.body else { return [] }
    var events: [JSONValue] = []
    var buffer: [UInt8] = []
    for await chunk in chunks {
        buffer += chunk
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            events.append(try JSONWire.decode(Array(buffer[..<newline])))
            buffer.removeSubrange(...newline)
        }
        if events.count >= count { break }
    }
    return events
}

@Suite("Emulator watch semantics")
struct WatchSemanticsTests {
    let server = EmulatorClient.makeServer()
    var admin: EmulatorClient { EmulatorClient(server) }

    @Test("Watching from a list's resourceVersion delivers later changes in order, DELETED with the last state")
    func watchFromListVersion() async throws {
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("w1"))
        let (_, list) = try await admin.call("GET", "/api/v1/namespaces/default/configmaps")
        let response = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(list.rv)")
        #expect(response.status == 200)
        _ = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/w1", body: ["data": ["k": "2"]],
            contentType: "application/merge-patch+json")
        _ = try await admin.call("DELETE", "/api/v1/namespaces/default/configmaps/w1")
        let events = try await readEvents(response, count: 2)
        #expect(events.map { $0["type"] } == ["MODIFIED", "DELETED"])
        #expect(events.last?[path: ["object", "data", "k"]] == "2")
    }

    @Test("A watch without a resourceVersion starts with ADDED for what exists, honouring the field selector")
    func syntheticAdds() async throws {
        for name in ["s1", "s2"] {
            _ = try await admin.call(
                "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap(name))
        }
        let response = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=0&fieldSelector=metadata.name%3Ds2")
        let events = try await readEvents(response, count: 1)
        #expect(events.first?["type"] == "ADDED")
        #expect(events.first?[path: ["object", "metadata", "name"]] == "s2")
    }

    @Test("A watch from a compacted resourceVersion gets an ERROR 410 event and the stream ends")
    func goneAfterCompaction() async throws {
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("g1"))
        server.store.compact()
        let response = await admin.request("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")
        let events = try await readEvents(response, count: 5)
        #expect(events.count == 1)
        #expect(events.first?["type"] == "ERROR")
        #expect(events.first?[path: ["object", "code"]] == 410)
        #expect(events.first?[path: ["object", "reason"]] == "Expired")
    }

    @Test("timeoutSeconds ends the stream, with a closing BOOKMARK when bookmarks are allowed")
    func timeoutAndBookmark() async throws {
        let response = await admin.request(
            "GET",
            "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=0.2&allowWatchBookmarks=true"
        )
        let events = try await readEvents(response, count: 10)
        #expect(events.last?["type"] == "BOOKMARK")
        #expect(events.last?[path: ["object", "kind"]] == "ConfigMap")
    }

    @Test("sendInitialEvents ends the initial ADDED events with an initial-events-end BOOKMARK")
    func initialEvents() async throws {
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("i1"))
        let refused = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true")
        #expect(refused.status == 422)
        let response = await admin.request(
            "GET",
            "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
        )
        let events = try await readEvents(response, count: 2)
        #expect(events.map { $0["type"] } == ["ADDED", "BOOKMARK"])
        #expect(events.last?[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]] == "true")
    }

    @Test("Table watches carry column definitions on the first event only")
    func tableWatch() async throws {
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("t1"))
        let response = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0",
            headers: ["accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"])
        _ = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/configmaps/t1", body: ["data": ["k": "x"]],
            contentType: "application/merge-patch+json")
        let events = try await readEvents(response, count: 2)
        #expect(events.first?[path: ["object", "kind"]] == "Table")
        #expect(events.first?[path: ["object", "columnDefinitions"]] != nil)
        #expect(events.last?[path: ["object", "columnDefinitions"]] == nil)
    }

    @Test("Dropping watches ends every open stream, as a lost connection does")
    func droppedWatches() async throws {
        let response = await admin.request("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")
        #expect(server.store.watcherCount == 1)
        server.store.dropWatches()
        let events = try await readEvents(response, count: 1)
        #expect(events.isEmpty)
    }

    @Test("Closing watches for shutdown ends every open stream, bookmarks and timers included, and every later one")
    func closedWatches() async throws {
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("c1"))
        let (_, list) = try await admin.call("GET", "/api/v1/namespaces/default/configmaps")
        let open = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&allowWatchBookmarks=true")
        let timed = await admin.request(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(list.rv)&timeoutSeconds=3600")
        #expect(server.store.watcherCount == 2)
        server.closeWatches()
        #expect(server.store.watcherCount == 0)
        #expect(try await readEvents(open, count: 10).map { $0["type"] } == ["ADDED"], "what was due, then the end")
        #expect(try await readEvents(timed, count: 10).isEmpty)

        // A watch started afterwards (a client re-watching before the socket closes) gets its initial
        // events and ends, instead of holding the shutdown up.
        let late = await admin.request("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0")
        #expect(late.status == 200)
        #expect(try await readEvents(late, count: 10).map { $0["type"] } == ["ADDED"])
        #expect(server.store.watcherCount == 0)
        // Writes still work; they just reach no watcher.
        _ = try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("c2"))
    }
}

@Suite("Emulator fault injection")
struct FaultInjectionTests {
    let server = EmulatorClient.makeServer()
    var admin: EmulatorClient { EmulatorClient(server) }

    @Test("Every Nth write can fail with 500 while reads pass")
    func everyNthWrite() async throws {
        server.faults.add(.writes(containing: "configmaps", every: 2, failure: FaultInjector.serverError))
        var codes: [Int] = []
        for index in 0..<4 {
            codes.append(
                try await admin.call(
                    "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("f\(index)")
                ).0)
        }
        #expect(codes == [201, 500, 201, 500])
        #expect(try await admin.call("GET", "/api/v1/namespaces/default/configmaps").0 == 200)
        #expect(server.faults.injectedCount == 2)
        server.faults.reset()
        #expect(
            try await admin.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("f1"))
                .0 == 201)
    }

    @Test("A 429 carries Retry-After as API priority and fairness sends it")
    func tooManyRequests() async throws {
        server.faults.add(.init(failure: FaultInjector.tooManyRequests) { $0.method == "GET" })
        let response = await admin.request("GET", "/api/v1/namespaces")
        #expect(response.status == 429)
        #expect(response.header("Retry-After") == "1")
    }

    @Test("A rule can delay requests instead of failing them")
    func delays() async throws {
        server.faults.add(.init(delay: .milliseconds(150)) { $0.path.hasSuffix("/namespaces") })
        let start = ContinuousClock.now
        #expect(try await admin.call("GET", "/api/v1/namespaces").0 == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(150))
    }
}

@Suite("Emulator access reviews")
struct AccessReviewTests {
    let server = EmulatorClient.makeServer()

    @Test("SubjectAccessReview and SelfSubjectRulesReview answer from the live RBAC objects")
    func reviews() async throws {
        let admin = EmulatorClient(server)
        let sar: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": [
                "user": "bob", "groups": ["sre"],
                "resourceAttributes": ["verb": "get", "resource": "pods", "namespace": "default"],
            ],
        ]
        let (code, denied) = try await admin.call(
            "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: sar)
        #expect(code == 201)
        #expect(denied[path: ["status", "allowed"]] == false)
        let binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": "sre-view", "namespace": "default"],
            "subjects": [["kind": "Group", "name": "sre", "apiGroup": "rbac.authorization.k8s.io"]],
            "roleRef": ["kind": "ClusterRole", "name": "view", "apiGroup": "rbac.authorization.k8s.io"],
        ]
        _ = try await admin.call(
            "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", body: binding)
        let (_, allowed) = try await admin.call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: sar)
        #expect(allowed[path: ["status", "allowed"]] == true)
        let bob = EmulatorClient(server, as: "bob")
        let (_, rules) = try await bob.call(
            "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            body: [
                "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview",
                "spec": ["namespace": "default"],
            ])
        let resources = (rules[path: ["status", "resourceRules"]]?.arrayValue ?? []).flatMap {
            ($0["resources"]?.arrayValue ?? [])
        }
        #expect(resources.contains("pods"))
        let (missing, _) = try await admin.call(
            "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            body: [
                "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                "spec": ["resourceAttributes": ["verb": "get"]],
            ])
        #expect(missing == 422)
        // As in kube-apiserver, authorization runs first: bob is refused, an admin learns the verb is unsupported.
        #expect(try await bob.call("GET", "/apis/authorization.k8s.io/v1/subjectaccessreviews").0 == 403)
        #expect(try await admin.call("GET", "/apis/authorization.k8s.io/v1/subjectaccessreviews").0 == 405)
    }
}
