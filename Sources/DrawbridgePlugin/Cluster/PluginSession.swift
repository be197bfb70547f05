import DrawbridgeAPI
import Foundation
import KubeClient

/// The cluster as the person at the keyboard sees it: their own kubeconfig identity (so the webhook
/// stamps who they really are), the namespace they meant, and the reads every subcommand shares.
public struct PluginSession: Sendable {
    /// Calls the API server as the kubeconfig's user.
    public let client: KubeClient
    /// `-n`, else the kubeconfig context's namespace, else `default`.
    public let namespace: String
    /// The wall clock (injectable: renderers print ages and time left).
    public let now: @Sendable () -> Date
    private let transport: HTTPTransport?

    /// A session over an existing client (tests, in-process transports).
    public init(client: KubeClient, namespace: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.namespace = namespace
        self.now = now
        self.transport = nil
    }

    /// Loads the kubeconfig as kubectl does (`--kubeconfig`, else `$KUBECONFIG`, else
    /// `~/.kube/config`), picks `--context`, and connects as that user. `namespace` (`-n`) wins over
    /// the context's namespace.
    public static func open(kubeconfig: String?, context: String?, namespace: String?) throws -> PluginSession {
        let configuration = try ClientConfiguration.load(kubeconfigPath: kubeconfig, context: context)
        var options = HTTPTransport.Options()
        options.userAgent = "kubectl-drawbridge/\(HTTPTransport.version)"
        options.requestTimeout = .seconds(30)
        let transport = try configuration.makeTransport(options: options)
        let chosen = namespace.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.namespace
        return PluginSession(client: KubeClient(transport: transport), namespace: chosen, transport: transport)
    }

    private init(client: KubeClient, namespace: String, transport: HTTPTransport) {
        self.client = client
        self.namespace = namespace
        self.now = { Date() }
        self.transport = transport
    }

    /// Closes the connections (AsyncHTTPClient requires it before the process ends).
    public func close() async {
        try? await transport?.shutdown()
    }

    // MARK: Reads shared by the subcommands

    /// Who the API server says the caller is (SelfSubjectReview, as `kubectl auth whoami`).
    public func whoami() async throws -> CallerIdentity {
        CallerIdentity(review: try await selfSubjectReview())
    }

    /// The SelfSubjectReview answer itself (for `whoami -o json`).
    public func selfSubjectReview() async throws -> JSONValue {
        let body: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"]
        let response = try await client.send(
            KubeRequest(
                method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                headers: ["Content-Type": "application/json"], body: Array(try JSONCoding.encoder.encode(body))))
        return try JSONValue.parse(response.body)
    }

    /// One AccessRequest in `namespace` (the session's when nil).
    public func request(_ name: String, namespace: String? = nil) async throws -> AccessRequest {
        try await client.get(AccessRequest.self, name: name, namespace: namespace ?? self.namespace)
    }

    /// The AccessRequests of the session's namespace, or of every namespace; objects that do not
    /// decode are reported by name rather than hiding the rest.
    public func requests(allNamespaces: Bool) async throws -> (items: [AccessRequest], undecodable: [String]) {
        let list = try await client.listAll(AccessRequest.self, namespace: allNamespaces ? nil : namespace)
        return (list.items, list.undecodable.map { "AccessRequest \($0.key)" })
    }

    /// One ClusterAccessRequest, as an `AccessRequest` value without a namespace.
    public func clusterRequest(_ name: String) async throws -> AccessRequest {
        AccessRequest(try await client.get(ClusterAccessRequest.self, name: name))
    }

    /// Every ClusterAccessRequest, as `AccessRequest` values without a namespace; objects that do
    /// not decode are reported by name.
    public func clusterRequests() async throws -> (items: [AccessRequest], undecodable: [String]) {
        let list = try await client.listAll(ClusterAccessRequest.self)
        return (list.items.map(AccessRequest.init), list.undecodable.map { "ClusterAccessRequest \($0.key)" })
    }

    /// Every AccessPolicy (cluster-scoped).
    public func policies() async throws -> [AccessPolicy] {
        try await client.listAll(AccessPolicy.self).items
    }
}

/// Who the caller is, as the API server authenticated them.
public struct CallerIdentity: Sendable, Hashable, Codable {
    /// The user name policies and approver lists match.
    public var username: String
    /// The user's uid, when the authenticator gives one.
    public var uid: String?
    /// The groups policies and approver lists match.
    public var groups: [String]
    /// Extra attributes some authenticators add (EKS: the ARN).
    public var extra: [String: [String]]

    /// The identity as a policy's requester selector sees it.
    public var userIdentity: UserIdentity {
        UserIdentity(username: username, uid: uid, groups: groups)
    }

    /// An identity given directly.
    public init(username: String, uid: String? = nil, groups: [String] = [], extra: [String: [String]] = [:]) {
        self.username = username
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    /// Reads `status.userInfo` of a SelfSubjectReview answer.
    public init(review: JSONValue) {
        let info = review["status"]?["userInfo"] ?? .object([:])
        var extra: [String: [String]] = [:]
        for (key, value) in info["extra"]?.objectValue ?? [:] {
            extra[key] = (value.arrayValue ?? []).compactMap(\.stringValue)
        }
        self.init(
            username: info["username"]?.stringValue ?? "", uid: info["uid"]?.stringValue,
            groups: (info["groups"]?.arrayValue ?? []).compactMap(\.stringValue), extra: extra)
    }
}
