import Foundation

extension KubeconfigFile {
    /// The configuration of `context` (or of `current-context` when nil), with every file it names
    /// read and every `-data` field decoded now, so a broken kubeconfig fails at start-up with one
    /// clear line instead of on the first call.
    public func configuration(context requested: String? = nil) throws(ClientConfigurationError) -> ClientConfiguration
    {
        let name: String
        if let requested, !requested.isEmpty {
            name = requested
        } else if let currentContext {
            name = currentContext
        } else {
            throw ClientConfigurationError(
                .noCurrentContext, "kubeconfig \(path): no current-context and no --context given")
        }
        guard let context = contexts.first(where: { $0.name == name })?.value else {
            throw ClientConfigurationError(
                .contextNotFound, "context \"\(name)\" not found in \(path) (\(Self.list("contexts", contexts)))")
        }
        let clusterName = context.cluster ?? ""
        guard let cluster = clusters.first(where: { $0.name == clusterName })?.value else {
            throw ClientConfigurationError(
                .clusterNotFound,
                "kubeconfig \(path): context \"\(name)\" names cluster \"\(clusterName)\", which is not defined (\(Self.list("clusters", clusters)))"
            )
        }
        var user = User()
        if let userName = context.user, !userName.isEmpty {
            guard let found = users.first(where: { $0.name == userName })?.value else {
                throw ClientConfigurationError(
                    .userNotFound,
                    "kubeconfig \(path): context \"\(name)\" names user \"\(userName)\", which is not defined (\(Self.list("users", users)))"
                )
            }
            user = found
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw ClientConfigurationError(
                .invalidValue, "kubeconfig \(path): cluster \"\(clusterName)\" has no server")
        }
        do {
            let tls = try tls(cluster, user)
            return ClientConfiguration(
                server: server, tls: tls,
                authentication: try authentication(
                    user, name: context.user ?? "",
                    cluster: ExecCredentialPlugin.ClusterInfo(
                        server: server, certificateAuthority: tls.certificateAuthorityPEM,
                        insecureSkipTLSVerify: tls.insecureSkipTLSVerify)),
                namespace: context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
                source: "kubeconfig \(path), context \(name)")
        } catch {
            throw error.prefixed("kubeconfig \(path), context \"\(name)\"")
        }
    }

    /// CA from `certificate-authority-data` or the `certificate-authority` file; the client
    /// certificate and key likewise.
    func tls(_ cluster: Cluster, _ user: User) throws(ClientConfigurationError) -> ClientTLS {
        let authority = try material(
            data: cluster.certificateAuthorityData, "certificate-authority-data",
            file: cluster.certificateAuthority, "certificate-authority")
        let insecure = cluster.insecureSkipTLSVerify ?? false
        if insecure, authority != nil {
            throw ClientConfigurationError(
                .invalidValue, "specifying a root certificates file with insecure-skip-tls-verify is not allowed")
        }
        let certificate = try material(
            data: user.clientCertificateData, "client-certificate-data",
            file: user.clientCertificate, "client-certificate")
        let key = try material(data: user.clientKeyData, "client-key-data", file: user.clientKey, "client-key")
        if (certificate == nil) != (key == nil) {
            throw ClientConfigurationError(
                .invalidValue,
                certificate == nil
                    ? "client-key is set without client-certificate" : "client-certificate is set without client-key")
        }
        return ClientTLS(
            certificateAuthorityPEM: authority, clientCertificatePEM: certificate, clientKeyPEM: key,
            insecureSkipTLSVerify: insecure)
    }

    /// An exec plugin, `tokenFile` (which wins over `token`, as in client-go) or `token`;
    /// auth-providers and basic auth are refused. `cluster` is what an exec plugin may be told.
    func authentication(_ user: User, name: String, cluster: ExecCredentialPlugin.ClusterInfo)
        throws(ClientConfigurationError)
        -> ClientConfiguration.Authentication
    {
        if let exec = user.exec { return .exec(try plugin(exec, user: name, cluster: cluster)) }
        if let provider = user.authProvider {
            throw ClientConfigurationError(
                .unsupportedAuthentication,
                "user \"\(name)\" uses the auth-provider \"\(provider.name ?? "")\", which Drawbridge does not support; use a token, tokenFile or client certificate"
            )
        }
        if user.username != nil || user.password != nil {
            throw ClientConfigurationError(
                .unsupportedAuthentication,
                "user \"\(name)\" uses basic authentication (username/password), which Kubernetes removed in 1.19; use a token, tokenFile or client certificate"
            )
        }
        if let tokenFile = user.tokenFile, !tokenFile.isEmpty {
            let resolved = resolve(tokenFile)
            _ = try BearerTokenSource.read(resolved)
            return .bearerTokenFile(path: resolved)
        }
        if let token = user.token, !token.isEmpty { return .bearerToken(token) }
        return .none
    }

    /// The exec block checked as kubectl checks it: a supported apiVersion, a command, a known
    /// interactiveMode. Whether the command exists is found out when it is first run.
    func plugin(_ exec: Exec, user: String, cluster: ExecCredentialPlugin.ClusterInfo) throws(ClientConfigurationError)
        -> ExecCredentialPlugin
    {
        let apiVersion = exec.apiVersion ?? ""
        guard ExecCredentialPlugin.supportedAPIVersions.contains(apiVersion) else {
            let supported = ExecCredentialPlugin.supportedAPIVersions.joined(separator: " or ")
            throw ClientConfigurationError(
                .credentialPlugin,
                "user \"\(user)\": exec.apiVersion \"\(apiVersion)\" is not supported; use \(supported)")
        }
        guard let command = exec.command, !command.isEmpty else {
            throw ClientConfigurationError(.credentialPlugin, "user \"\(user)\": exec.command is required")
        }
        var mode = ExecCredentialPlugin.InteractiveMode.ifAvailable
        if let text = exec.interactiveMode, !text.isEmpty {
            guard let parsed = ExecCredentialPlugin.InteractiveMode(rawValue: text) else {
                throw ClientConfigurationError(
                    .credentialPlugin,
                    "user \"\(user)\": exec.interactiveMode \"\(text)\" is not valid; use Never, IfAvailable or Always")
            }
            mode = parsed
        }
        var environment: [String: String] = [:]
        for variable in exec.env ?? [] { environment[variable.name] = variable.value ?? "" }
        return ExecCredentialPlugin(
            user: user, apiVersion: apiVersion, command: command, args: exec.args ?? [], environment: environment,
            installHint: exec.installHint, interactiveMode: mode,
            cluster: exec.provideClusterInfo == true ? cluster : nil,
            directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// The bytes of a `-data` field (base64) or, failing that, of the file it names.
    func material(data: String?, _ dataKey: String, file: String?, _ fileKey: String) throws(ClientConfigurationError)
        -> [UInt8]?
    {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw ClientConfigurationError(.invalidValue, "\(dataKey) is not valid base64")
            }
            return Array(decoded)
        }
        guard let file, !file.isEmpty else { return nil }
        return try ConfigurationFiles.read(resolve(file), what: fileKey)
    }

    /// A path inside the kubeconfig, resolved against the kubeconfig's folder.
    func resolve(_ file: String) -> String {
        ConfigurationFiles.resolve(file, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// `contexts: a, b`, or `no contexts`, for error messages.
    static func list<Value>(_ what: String, _ entries: [Named<Value>]) -> String {
        entries.isEmpty ? "no \(what)" : "\(what): " + entries.map(\.name).joined(separator: ", ")
    }
}
