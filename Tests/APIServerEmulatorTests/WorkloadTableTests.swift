import APIServerEmulator
import DrawbridgeAPI
import Testing

/// The Tables of the kinds Drawbridge's deployment manifests install besides RBAC, through the served
/// types themselves, so a kind dropped from `BuiltinResources` or its printer fails here.
@Suite("Deployment, Service, PodDisruptionBudget and NetworkPolicy Tables")
struct WorkloadTableTests {
    typealias F = EmulatorFixtures

    static func served(_ group: String, _ plural: String) throws -> ResourceType {
        try #require(BuiltinResources.all.first { $0.group == group && $0.plural == plural })
    }

    static func summary(_ type: ResourceType) -> [String] {
        TablePrinter.columns(for: type).map { "\($0.name):\($0.priority)" }
    }

    static func object(_ body: String) throws -> JSONValue {
        var object = try F.json(body)
        object["metadata"] = ["name": "drawbridge", "creationTimestamp": "2026-11-22T18:45:17Z"]
        return object
    }

    @Test("A Deployment prints ready/desired, up-to-date and available, and wide containers, images and selector")
    func deployment() throws {
        let type = try Self.served("apps", "deployments")
        #expect(
            Self.summary(type) == [
                "Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1",
            ])
        let deployment = try Self.object(
            """
            {"spec":{"replicas":2,
              "selector":{"matchLabels":{"b":"2","a":"1"},"matchExpressions":[{"key":"t","operator":"In","values":["y","x"]}]},
              "template":{"spec":{"containers":[{"name":"controller","image":"drawbridge:latest"},{"name":"proxy","image":"p:1"}]}}},
             "status":{"readyReplicas":1,"updatedReplicas":2,"availableReplicas":1}}
            """)
        #expect(
            TablePrinter.cells(for: type, object: deployment, now: F.now) == [
                "drawbridge", "1/2", 2, 1, "5m", "controller,proxy", "drawbridge:latest,p:1", "a=1,b=2,t in (x,y)",
            ])
        let bare = try Self.object(#"{"spec":{"template":{"spec":{"containers":[]}}}}"#)
        #expect(
            TablePrinter.cells(for: type, object: bare, now: F.now) == ["drawbridge", "0/1", 0, 0, "5m", "", "", ""])
    }

    @Test(
        "A Service prints its type, cluster IP, external IP, ports and wide selector as kubectl get svc does",
        arguments: [
            (
                #"{"spec":{"type":"ClusterIP","ports":[{"port":443,"protocol":"TCP"},{"port":8080,"protocol":"TCP"}],"selector":{"app":"x"}}}"#,
                ["ClusterIP", "<none>", "<none>", "443/TCP,8080/TCP", "app=x"]
            ),
            (
                #"{"spec":{"type":"NodePort","clusterIPs":["10.96.0.7"],"ports":[{"port":80,"nodePort":30080,"protocol":"UDP"}]}}"#,
                ["NodePort", "10.96.0.7", "<none>", "80:30080/UDP", "<none>"]
            ),
            (
                #"{"spec":{"type":"LoadBalancer","ports":[]}}"#,
                ["LoadBalancer", "<none>", "<pending>", "<none>", "<none>"]
            ),
            (
                #"{"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"},{"hostname":"lb.example"}]}}}"#,
                ["LoadBalancer", "<none>", "1.2.3.4,lb.example", "<none>", "<none>"]
            ),
            (
                #"{"spec":{"type":"ExternalName","externalName":"db.example"}}"#,
                ["ExternalName", "<none>", "db.example", "<none>", "<none>"]
            ),
        ])
    func service(body: String, cells: [String]) throws {
        let type = try Self.served("", "services")
        #expect(
            Self.summary(type) == [
                "Name:0", "Type:0", "Cluster-IP:0", "External-IP:0", "Port(s):0", "Age:0", "Selector:1",
            ])
        let printed = TablePrinter.cells(for: type, object: try Self.object(body), now: F.now)
        #expect(
            printed == [
                "drawbridge", .string(cells[0]), .string(cells[1]), .string(cells[2]), .string(cells[3]), "5m",
                .string(cells[4]),
            ])
    }

    @Test(
        "A PodDisruptionBudget prints min available and max unavailable (N/A when unset) and allowed disruptions",
        arguments: [
            (#"{"spec":{"minAvailable":1},"status":{"disruptionsAllowed":1}}"#, "1", "N/A", Int64(1)),
            (#"{"spec":{"maxUnavailable":"50%"}}"#, "N/A", "50%", Int64(0)),
        ])
    func podDisruptionBudget(body: String, minAvailable: String, maxUnavailable: String, allowed: Int64) throws {
        let type = try Self.served("policy", "poddisruptionbudgets")
        #expect(
            Self.summary(type) == ["Name:0", "Min Available:0", "Max Unavailable:0", "Allowed Disruptions:0", "Age:0"])
        #expect(
            TablePrinter.cells(for: type, object: try Self.object(body), now: F.now) == [
                "drawbridge", .string(minAvailable), .string(maxUnavailable), .int(allowed), "5m",
            ])
    }

    @Test(
        "A NetworkPolicy prints its pod selector as labels.Selector writes it, <none> when it selects every pod",
        arguments: [
            (
                #"{"spec":{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"drawbridge"}}}}"#,
                "app.kubernetes.io/name=drawbridge"
            ),
            (
                #"{"spec":{"podSelector":{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["b","a"]}]}}}"#,
                "tier notin (a,b)"
            ),
            (#"{"spec":{"podSelector":{}}}"#, "<none>"),
        ])
    func networkPolicy(body: String, selector: String) throws {
        let type = try Self.served("networking.k8s.io", "networkpolicies")
        #expect(Self.summary(type) == ["Name:0", "Pod-Selector:0", "Age:0"])
        #expect(
            TablePrinter.cells(for: type, object: try Self.object(body), now: F.now) == [
                "drawbridge", .string(selector), "5m",
            ])
    }
}
