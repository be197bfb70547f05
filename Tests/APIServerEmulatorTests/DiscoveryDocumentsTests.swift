import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Discovery documents")
struct DiscoveryDocumentsTests {
    typealias F = EmulatorFixtures

    static let documents = DiscoveryDocuments(types: [
        F.namespaces, F.configMaps, F.roleBindings, F.accessRequest, F.selfSubjectAccessReviews,
    ])

    @Test("The aggregated /apis document matches the shape kubectl accepts, field for field")
    func aggregatedGroups() throws {
        let expected = try F.json(
            """
            {"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},
             "items":[
              {"metadata":{"name":"rbac.authorization.k8s.io","creationTimestamp":null},
               "versions":[{"version":"v1","freshness":"Current","resources":[
                 {"resource":"rolebindings",
                  "responseKind":{"group":"rbac.authorization.k8s.io","version":"v1","kind":"RoleBinding"},
                  "scope":"Namespaced","singularResource":"rolebinding",
                  "verbs":["create","delete","deletecollection","get","list","patch","update","watch"]}]}]},
              {"metadata":{"name":"drawbridge.dev","creationTimestamp":null},
               "versions":[{"version":"v1alpha1","freshness":"Current","resources":[
                 {"resource":"accessrequests",
                  "responseKind":{"group":"drawbridge.dev","version":"v1alpha1","kind":"AccessRequest"},
                  "scope":"Namespaced","singularResource":"accessrequest",
                  "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                  "shortNames":["ar"],"categories":["drawbridge"],
                  "subresources":[{"subresource":"status",
                    "responseKind":{"group":"drawbridge.dev","version":"v1alpha1","kind":"AccessRequest"},
                    "verbs":["get","patch","update"]}]}]}]},
              {"metadata":{"name":"authorization.k8s.io","creationTimestamp":null},
               "versions":[{"version":"v1","freshness":"Current","resources":[
                 {"resource":"selfsubjectaccessreviews",
                  "responseKind":{"group":"authorization.k8s.io","version":"v1","kind":"SelfSubjectAccessReview"},
                  "scope":"Cluster","singularResource":"selfsubjectaccessreview","verbs":["create"]}]}]}]}
            """)
        #expect(Self.documents.aggregated(forCore: false) == expected)
    }

    @Test("The aggregated /api document holds only the core group, named the empty string, with namespace subresources")
    func aggregatedCore() throws {
        let core = Self.documents.aggregated(forCore: true)
        let items = core["items"]?.arrayValue ?? []
        #expect(items.count == 1)
        #expect(items.first?[path: ["metadata", "name"]] == .string(""))
        let resources = items.first?["versions"]?.arrayValue?.first?["resources"]?.arrayValue ?? []
        #expect(resources.compactMap { $0["resource"]?.stringValue } == ["configmaps", "namespaces"])
        let namespaces = try F.json(
            """
            {"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster",
             "singularResource":"namespace","verbs":["create","delete","get","list","patch","update","watch"],
             "shortNames":["ns"],
             "subresources":[
              {"subresource":"status","responseKind":{"group":"","version":"v1","kind":"Namespace"},"verbs":["get","patch","update"]},
              {"subresource":"finalize","responseKind":{"group":"","version":"v1","kind":"Namespace"},"verbs":["update"]}]}
            """)
        #expect(resources.last == namespaces)
        #expect(
            DiscoveryDocuments.aggregatedContentType
                == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
    }

    @Test("Versions of one group are listed in Kubernetes preference order, GA first")
    func versionPreference() {
        let versions = ["v1alpha1", "v1beta1", "v2", "v1", "v1beta2", "v10alpha3", "foo"]
        let types = versions.map { version -> ResourceType in
            var type = F.accessRequest
            type.version = version
            return type
        }
        let documents = DiscoveryDocuments(types: types)
        let listed = documents.aggregated(forCore: false)["items"]?.arrayValue?.first?["versions"]?.arrayValue?
            .compactMap { $0["version"]?.stringValue }
        #expect(listed == ["v2", "v1", "v1beta2", "v1beta1", "v10alpha3", "v1alpha1", "foo"])
        #expect(
            documents.apiGroup("drawbridge.dev")?["preferredVersion"]
                == .object(["groupVersion": .string("drawbridge.dev/v2"), "version": .string("v2")]))
    }

    @Test("The legacy per-group-version list has subresource entries and a stable storage version hash")
    func legacyResourceList() throws {
        let hash = DiscoveryDocuments.storageVersionHash(for: F.accessRequest)
        let expected = try F.json(
            """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"drawbridge.dev/v1alpha1",
             "resources":[
              {"name":"accessrequests","singularName":"accessrequest","namespaced":true,"kind":"AccessRequest",
               "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
               "shortNames":["ar"],"categories":["drawbridge"],"storageVersionHash":"\(hash)"},
              {"name":"accessrequests/status","singularName":"","namespaced":true,"kind":"AccessRequest",
               "verbs":["get","patch","update"]}]}
            """)
        #expect(Self.documents.apiResourceList(group: "drawbridge.dev", version: "v1alpha1") == expected)
        #expect(hash.count == 12 && hash.hasSuffix("="))
        #expect(hash == DiscoveryDocuments.storageVersionHash(for: F.accessRequest))
        #expect(hash != DiscoveryDocuments.storageVersionHash(for: F.roleBindings))
        #expect(Self.documents.apiResourceList(group: "drawbridge.dev", version: "v9") == nil)
        let core = Self.documents.apiResourceList(group: "", version: "v1")
        #expect(core?["groupVersion"] == .string("v1"))
        #expect(
            core?["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                == ["configmaps", "namespaces", "namespaces/status", "namespaces/finalize"])
        let review = Self.documents.apiResourceList(group: "authorization.k8s.io", version: "v1")?["resources"]?
            .arrayValue?.first
        #expect(review?["verbs"] == .array([.string("create")]) && review?["storageVersionHash"] == nil)
    }

    @Test("Legacy APIVersions, APIGroupList and APIGroup have the shapes kubectl falls back to")
    func legacyGroups() throws {
        #expect(
            Self.documents.apiVersions(serverAddress: "127.0.0.1:6443")
                == (try F.json(
                    #"{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:6443"}]}"#
                )))
        let list = Self.documents.apiGroupList()
        #expect(list["kind"] == .string("APIGroupList") && list["apiVersion"] == .string("v1"))
        #expect(
            list["groups"]?.arrayValue?.first
                == (try F.json(
                    """
                    {"name":"rbac.authorization.k8s.io","versions":[{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}],
                     "preferredVersion":{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}}
                    """)))
        #expect(list["groups"]?.arrayValue?.count == 3)
        let group = Self.documents.apiGroup("drawbridge.dev")
        #expect(group?["kind"] == .string("APIGroup") && group?["name"] == .string("drawbridge.dev"))
        #expect(Self.documents.apiGroup("") == nil)
        #expect(Self.documents.apiGroup("nope.example.com") == nil)
    }

    @Test(
        "Subresource verbs follow the API server: finalize is update-only, status and scale are get/patch/update",
        arguments: [
            ("status", ["get", "patch", "update"]), ("scale", ["get", "patch", "update"]), ("finalize", ["update"]),
        ])
    func subresourceVerbs(subresource: String, verbs: [String]) {
        #expect(DiscoveryDocuments.subresourceVerbs(subresource) == verbs)
    }

    @Test("A scale subresource answers with autoscaling/v1 Scale in both document styles")
    func scaleSubresource() {
        var type = F.accessRequest
        type.subresources = ["scale"]
        let documents = DiscoveryDocuments(types: [type])
        let entry = documents.apiResourceList(group: "drawbridge.dev", version: "v1alpha1")?["resources"]?.arrayValue?
            .last
        #expect(entry?["kind"] == .string("Scale") && entry?["group"] == .string("autoscaling"))
        let sub = documents.aggregated(forCore: false)["items"]?.arrayValue?.first?["versions"]?.arrayValue?.first?[
            "resources"]?
            .arrayValue?.first?["subresources"]?.arrayValue?.first
        #expect(
            sub?["responseKind"]
                == .object(["group": .string("autoscaling"), "version": .string("v1"), "kind": .string("Scale")]))
    }
}
