import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Synchronization

/// An in-memory Kubernetes API server that behaves, on the wire, as kube-apiserver 1.32 does for the
/// resources Drawbridge and its users touch (docs/emulator.md). It has no networking of its own:
/// `handle(_:)` takes an `APIRequest` and returns an `APIResponse`, so tests drive it in-process and
/// a thin HTTP adapter serves it to kubectl.
public final class APIServer: Sendable {
    /// How the server behaves; every clock and limit is injectable for tests.
    public struct Options: Sendable {
        public var authenticator: Authenticator
        /// Wall clock for timestamps.
        public var clock: @Sendable () -> Date
        /// Largest accepted request body (kube-apiserver's default is 3 MiB).
        public var maxBodyBytes: Int
        /// How often watches with `allowWatchBookmarks` get a BOOKMARK.
        public var bookmarkInterval: Duration
        /// `host:port` advertised in legacy discovery.
        public var serverAddress: String
        /// How many changes watches can resume across before they get 410 Gone.
        public var historyLimit: Int
        /// Calls admission webhooks; nil means registered webhooks fail (and `failurePolicy` decides).
        public var webhookCaller: (any AdmissionWebhookCaller)?

        public init(
            authenticator: Authenticator, clock: @escaping @Sendable () -> Date = { Date() },
            maxBodyBytes: Int = 3 * 1024 * 1024, bookmarkInterval: Duration = .seconds(60),
            serverAddress: String = "127.0.0.1:6443", historyLimit: Int = 20_000,
            webhookCaller: (any AdmissionWebhookCaller)? = nil
        ) {
            self.authenticator = authenticator
            self.clock = clock
            self.maxBodyBytes = maxBodyBytes
            self.bookmarkInterval = bookmarkInterval
            self.serverAddress = serverAddress
            self.historyLimit = historyLimit
            self.webhookCaller = webhookCaller
        }
    }

    public let store: ObjectStore
    public let options: Options
    /// Programmable failures and delays for resilience tests.
    public let faults = FaultInjector()
    let registryState = Mutex(ResourceRegistry())
    let rbacState = Mutex(RBACCache())
    /// Webhook match-condition programs, compiled when a configuration is written.
    let matchConditionPrograms = CELProgramCache()

    public init(options: Options) {
        self.options = options
        self.store = ObjectStore(historyLimit: options.historyLimit)
        seed()
    }

    /// A server with `options` and exactly this state, not seeded (see `copy()`).
    init(options: Options, store: ObjectStore, registry: ResourceRegistry, rbac: RBACCache) {
        self.options = options
        self.store = store
        registryState.withLock { $0 = registry }
        rbacState.withLock { $0 = rbac }
    }

    /// The resources served right now.
    public var registry: ResourceRegistry { registryState.withLock { $0 } }

    /// Answers one request. Never throws: every failure becomes a `metav1.Status` response.
    public func handle(_ request: APIRequest) async -> APIResponse {
        do {
            if let response = try await faults.intercept(request) { return response }
            return try await route(request)
        } catch let error as StatusError {
            return error.response
        } catch {
            return StatusError.internalError("\(error)").response
        }
    }

    func route(_ request: APIRequest) async throws -> APIResponse {
        let path =
            request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        switch path {
        case "/version":
            return .json(Self.version)
        case "/healthz", "/readyz", "/livez":
            return APIResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .bytes(Array("ok".utf8)))
        default:
            break
        }
        guard request.body.count <= options.maxBodyBytes else { throw StatusError.tooLarge() }
        guard let authenticated = options.authenticator.authenticate(request.headers) else {
            throw StatusError.unauthorized()
        }
        let user = try impersonate(authenticated, request.headers)
        if let target = RequestTarget.parse(path) {
            return try await handleResource(request, user: user, target: target)
        }
        try authorizeNonResource(user, verb: request.method == "GET" ? "get" : request.method.lowercased(), path: path)
        return try discovery(request, path: path)
    }

    /// `kubectl --as`: only callers allowed to `impersonate` users (and groups) may.
    func impersonate(_ user: UserInfo, _ headers: [String: String]) throws -> UserInfo {
        guard let name = headers["impersonate-user"], !name.isEmpty else { return withAuthenticatedGroup(user) }
        let groups = (headers["impersonate-group"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        // As kube-apiserver: the user and every claimed group need their own `impersonate` permission,
        // or `Impersonate-Group: system:masters` would be an escalation.
        let caller = withAuthenticatedGroup(user)
        let wanted = [("users", name)] + groups.filter { !$0.isEmpty }.map { ("groups", $0) }
        for (resource, value) in wanted {
            let check = AuthorizationAttributes.resource(
                user: caller.username, groups: caller.groups, verb: "impersonate", apiGroup: "", resource: resource,
                name: value)
            guard user.isMaster || authorizeRBAC(check).allowed else {
                throw StatusError.forbidden(
                    "\(resource) \"\(value)\" is forbidden: User \"\(user.username)\" cannot impersonate resource \"\(resource)\" in API group \"\" at the cluster scope"
                )
            }
        }
        return withAuthenticatedGroup(UserInfo(username: name, uid: "", groups: groups.filter { !$0.isEmpty }))
    }

    /// Every authenticated user is in `system:authenticated`, as on a real cluster.
    func withAuthenticatedGroup(_ user: UserInfo) -> UserInfo {
        var user = user
        if !user.groups.contains("system:authenticated") { user.groups.append("system:authenticated") }
        return user
    }

    /// `/version`, reporting minor 32 so the kubectl dispatcher picks kubectl 1.32.
    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0-drawbridge", "gitCommit": "drawbridge-emulator",
        "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
        "platform": "linux/amd64",
    ]
}
