import Foundation

/// Maps in-cluster webhook Services to local base URLs (`namespace/name=https://127.0.0.1:9443`), so a
/// controller run on the developer's machine serves the webhooks its manifests register by Service.
public struct WebhookServiceMap: Sendable {
    /// `namespace/name` to base URL (scheme, host and port; the Service's path is appended).
    public var baseURLs: [String: String]

    public init(baseURLs: [String: String] = [:]) {
        self.baseURLs = baseURLs
    }

    /// Parses `namespace/name=https://host:port` entries, as given to `drawbridge emulator --webhook-service`.
    public static func parse(_ entries: [String]) throws -> WebhookServiceMap {
        var map = WebhookServiceMap()
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let service = parts.first?.split(separator: "/").map(String.init) ?? []
            guard parts.count == 2, service.count == 2, !service[0].isEmpty, !service[1].isEmpty,
                let url = URL(string: parts[1]), url.scheme == "https", url.host != nil
            else {
                throw WebhookCallError.configuration(
                    "--webhook-service \(entry): expected namespace/name=https://host:port")
            }
            map.baseURLs[parts[0]] = parts[1].hasSuffix("/") ? String(parts[1].dropLast()) : parts[1]
        }
        return map
    }

    /// A resolver for `HTTPAdmissionWebhookCaller`: mapped Services go to their base URL plus the
    /// Service's path (the Service port is ignored: the mapping names the local port); others fail.
    public var resolver: WebhookServiceResolver {
        let baseURLs = baseURLs
        return { reference in
            guard let base = baseURLs["\(reference.namespace)/\(reference.name)"] else {
                return try WebhookEndpoint.unreachableServices(reference)
            }
            let path = reference.path.hasPrefix("/") ? reference.path : "/" + reference.path
            guard let url = URL(string: base + path) else {
                throw WebhookCallError.configuration("service \(reference) maps to an invalid URL \(base + path)")
            }
            return url
        }
    }

    /// A resolver sending every Service to `https://<host>:<port><path>` on one local port (for tests
    /// that serve all webhooks from one server).
    public static func localhost(port: Int, host: String = "127.0.0.1") -> WebhookServiceResolver {
        { reference in
            let path = reference.path.hasPrefix("/") ? reference.path : "/" + reference.path
            guard let url = URL(string: "https://\(host):\(port)\(path)") else {
                throw WebhookCallError.configuration("service \(reference) maps to an invalid URL")
            }
            return url
        }
    }
}
