import DrawbridgeAPI

extension APIServer {
    /// Discovery and OpenAPI: `/api`, `/apis` (aggregated v2 or legacy, by Accept), `/api/v1`,
    /// `/apis/G`, `/apis/G/V`, `/openapi/v3[/...]`; `/openapi/v2` is 404 as kubectl tolerates.
    func discovery(_ request: APIRequest, path: String) throws -> APIResponse {
        let registry = self.registry
        let accept = request.headers["accept"] ?? ""
        let aggregated = accept.contains("as=APIGroupDiscoveryList") && accept.contains("g=apidiscovery.k8s.io")
        let parts = path.split(separator: "/").map(String.init)
        switch parts.count {
        case 1 where parts[0] == "api":
            return aggregated
                ? .json(Adapters.aggregatedDiscovery(registry, core: true), contentType: Adapters.aggregatedContentType)
                : .json(Adapters.apiVersions(registry, serverAddress: options.serverAddress))
        case 1 where parts[0] == "apis":
            return aggregated
                ? .json(
                    Adapters.aggregatedDiscovery(registry, core: false), contentType: Adapters.aggregatedContentType)
                : .json(Adapters.apiGroupList(registry))
        case 2 where parts[0] == "api":
            guard let list = Adapters.apiResourceList(registry, group: "", version: parts[1]) else { break }
            return .json(list)
        case 2 where parts[0] == "apis":
            guard let group = Adapters.apiGroup(registry, parts[1]) else { break }
            return .json(group)
        case 3 where parts[0] == "apis":
            guard let list = Adapters.apiResourceList(registry, group: parts[1], version: parts[2]) else { break }
            return .json(list)
        default:
            break
        }
        if path == "/openapi/v3" { return .json(Adapters.openAPIRoot(registry)) }
        if path.hasPrefix("/openapi/v3/"),
            let document = Adapters.openAPIDocument(registry, path: String(path.dropFirst("/openapi/v3/".count)))
        {
            return .json(document)
        }
        throw StatusError.pathNotFound()
    }
}
