import APIServerEmulator
import DrawbridgeAPI
import EmulatorServer
import Foundation
import KubeClient

/// An in-process API server with Drawbridge's CRDs installed, the demo users and a controller
/// identity, all on a `ManualClock`, so controller tests run against real API semantics on test time.
public final class EmulatorHarness: Sendable {
    /// The controller's ServiceAccount username, as it appears in admission `userInfo`.
    public static let controllerUsername = "system:serviceaccount:drawbridge-system:drawbridge-controller"

    public let clock: ManualClock
    public let api: APIServer

    /// Users: admin (system:masters), alice (developers), bob and carol (sre), dave (sre, developers),
    /// erin (sre), frank (no groups, so no Drawbridge RBAC), and `controller` (the controller's ServiceAccount). Tokens are `<name>-harness`.
    public init(clock: ManualClock = ManualClock(), webhookCaller: (any AdmissionWebhookCaller)? = nil) async throws {
        self.clock = clock
        var authenticator = Authenticator.demo(tokenSuffix: "harness")
        authenticator.tokens["dave-harness"] = UserInfo(
            username: "dave", uid: "uid-dave", groups: ["sre", "developers"])
        authenticator.tokens["erin-harness"] = UserInfo(username: "erin", uid: "uid-erin", groups: ["sre"])
        authenticator.tokens["frank-harness"] = UserInfo(username: "frank", uid: "uid-frank", groups: [])
        authenticator.tokens["controller-harness"] = UserInfo(
            username: Self.controllerUsername, uid: "uid-controller",
            groups: ["system:serviceaccounts", "system:serviceaccounts:drawbridge-system"])
        api = APIServer(
            options: .init(authenticator: authenticator, clock: { clock.date }, webhookCaller: webhookCaller))
        try await installBasics()
    }

    /// A client authenticated as `user` (see `init`), optionally rate-limited.
    public func client(_ user: String, rateLimiter: RateLimiter? = nil) -> KubeClient {
        KubeClient(transport: InProcessTransport(api: api, token: "\(user)-harness"), rateLimiter: rateLimiter)
    }

    /// Applies every document of a YAML file in the package (relative path) as admin.
    public func apply(file relativePath: String) async throws {
        let admin = client("admin")
        for document in try YAMLJSON.documents(in: try PackageRoot.text(relativePath)) {
            try await admin.createOrReplace(document)
        }
    }

    /// Applies one YAML text as admin.
    public func apply(yaml: String) async throws {
        let admin = client("admin")
        for document in try YAMLJSON.documents(in: yaml) { try await admin.createOrReplace(document) }
    }

    /// CRDs, the `demo` namespace (label env=demo), and the RBAC a cluster gets from `config/`: the
    /// controller runs with exactly `config/rbac`, and the demo team's bindings from `examples/rbac`.
    func installBasics() async throws {
        for file in PackageRoot.yamlFiles(under: "crds") where !file.hasSuffix("kustomization.yaml") {
            try await apply(file: file)
        }
        try await apply(file: "config/manager/namespace.yaml")
        for file in PackageRoot.yamlFiles(under: "config/rbac") where !file.hasSuffix("kustomization.yaml") {
            try await apply(file: file)
        }
        try await apply(file: "examples/rbac/demo-team.yaml")
        try await apply(
            yaml: """
                apiVersion: v1
                kind: Namespace
                metadata: {name: demo, labels: {env: demo}}
                """)
    }
}
