import Foundation

extension ClientConfiguration {
    /// Where kubelet mounts a pod's ServiceAccount token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether this process runs in a pod: kubelet sets `KUBERNETES_SERVICE_HOST` and `_PORT` in
    /// every container, as client-go's `InClusterConfig` checks.
    public static func isRunningInPod(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty
            && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
    }

    /// The configuration of a pod's own ServiceAccount: the API server from the environment, the
    /// token (re-read as kubelet rotates it), `ca.crt` and `namespace` from `directory`.
    ///
    /// `directory` is injectable so tests can lay the files out in a temporary folder. A missing
    /// `ca.crt` falls back to the system roots and a missing `namespace` to `default`, as client-go does.
    public static func inCluster(
        environment: [String: String], directory: String = serviceAccountDirectory
    ) throws(ClientConfigurationError) -> ClientConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw ClientConfigurationError(
                .notInCluster,
                "in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)"
            )
        }
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let tokenPath = "\(folder)/token"
        do {
            _ = try BearerTokenSource.read(tokenPath)
        } catch {
            throw ClientConfigurationError(.notInCluster, "in-cluster configuration: \(error.message)")
        }
        let caPath = "\(folder)/ca.crt"
        let authority = ConfigurationFiles.exists(caPath) ? try ConfigurationFiles.read(caPath, what: "CA bundle") : nil
        let namespacePath = "\(folder)/namespace"
        var namespace = "default"
        if ConfigurationFiles.exists(namespacePath) {
            let text = String(
                decoding: try ConfigurationFiles.read(namespacePath, what: "namespace file"), as: UTF8.self)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { namespace = trimmed }
        }
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClientConfiguration(
            server: "https://\(hostPart):\(port)", tls: ClientTLS(certificateAuthorityPEM: authority),
            authentication: .bearerTokenFile(path: tokenPath), namespace: namespace,
            source: "in-cluster ServiceAccount (\(folder))")
    }
}
