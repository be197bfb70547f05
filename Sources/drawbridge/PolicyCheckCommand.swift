import ArgumentParser
import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// `drawbridge policy check`: says which policy would govern a request and on which terms, or the exact
/// reason it would be rejected, using the controller's own engine, so admins can test policies in CI.
struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show which AccessPolicy would govern a request, or why it would be rejected.",
        discussion: """
            The requester is normally stamped by the API server; give it with --user and --group, or \
            put spec.requester in the file. Exits 0 when every request is allowed, 1 when any is rejected.
            """)

    @Option(name: .shortAndLong, help: "AccessRequest and ClusterAccessRequest manifest file(s) or folder(s).")
    var filename: [String]

    @Option(name: .long, help: "Folder(s) or file(s) holding the AccessPolicies.")
    var policies: [String]

    @Option(name: .long, help: "Folder(s) or file(s) holding Roles and ClusterRoles, for forbiddenRules.")
    var roles: [String] = []

    @Flag(help: "Do not assume the built-in ClusterRoles (cluster-admin, admin, edit, view) when --roles lacks them.")
    var noDefaultRoles = false

    @Option(name: .long, help: "Requester user name (overrides spec.requester).")
    var user: String?

    @Option(name: .long, help: "Requester group; repeat for several.")
    var group: [String] = []

    @Option(name: .long, help: "Namespace for requests that name none (default: default).")
    var namespace: String = "default"

    @Option(name: .long, help: "A label of the request's namespace, key=value; repeat for several.")
    var namespaceLabel: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let labels = try parseLabels()
        let policySet = PolicySet(
            try objects(policies).compactMap { if case .accessPolicy(let p) = $0 { p } else { nil } })
        for invalid in policySet.invalid {
            FileHandle.standardError.write(
                Data("warning: \(invalid) (it grants nothing, and refuses every request it covers)\n".utf8))
        }
        let roleObjects = try objects(roles)
        let given = roleObjects.compactMap { if case .clusterRole(let r) = $0 { r } else { nil } }
        // Roles given with --roles win over the built-in defaults of the same name.
        let defaults =
            noDefaultRoles
            ? []
            : DefaultClusterRoles.all.filter { role in
                !given.contains { $0.metadata.name == role.metadata.name }
            }
        let evaluator = RBACEvaluator(
            roles: roleObjects.compactMap { if case .role(let r) = $0 { r } else { nil } },
            clusterRoles: given + defaults)
        // A ClusterAccessRequest is judged as an AccessRequest value without a namespace.
        let requests = try objects(filename).compactMap { manifest -> AccessRequest? in
            switch manifest {
            case .accessRequest(var request):
                request.metadata.namespace = request.metadata.namespace ?? namespace
                return request
            case .clusterAccessRequest(let request): return AccessRequest(request)
            default: return nil
            }
        }
        guard !requests.isEmpty else {
            throw InputError("no AccessRequest or ClusterAccessRequest found in \(filename.joined(separator: ", "))")
        }

        var results: [CheckResult] = []
        for request in requests {
            results.append(check(request, policies: policySet, evaluator: evaluator, labels: labels))
        }
        switch output {
        case .text: results.forEach { print($0.text) }
        case .json:
            let data = try JSONCoding.encoder.encode(results)
            print(String(decoding: data, as: UTF8.self))
        }
        if results.contains(where: { !$0.allowed }) { throw ExitCode(1) }
    }

    func check(
        _ request: AccessRequest, policies: PolicySet, evaluator: RBACEvaluator, labels: [String: String]
    ) -> CheckResult {
        let namespace = request.metadata.namespace
        let name = request.metadata.name ?? "(unnamed)"
        var requester = request.spec.requester ?? UserIdentity(username: "")
        if let user { requester = UserIdentity(username: user, groups: group) }
        var spec = request.spec
        spec.requester = requester
        if let problem = RequestValidator.validate(spec, clusterWide: request.isClusterWide) {
            // Offline there is no webhook to stamp a requester: say what to pass instead.
            let rejection =
                problem.reason == .requesterUnknown
                ? Rejection(
                    .requesterUnknown, "no requester: pass --user (and --group), or set spec.requester in the file")
                : problem
            return CheckResult(request: name, namespace: namespace, rejection: rejection)
        }
        let roleRef = RoleRef(kind: request.spec.role.kind, name: request.spec.role.name)
        var judged = request
        judged.spec.requester = requester
        let input = PolicyInput(
            request: judged, namespaceLabels: labels,
            roleRules: evaluator.effectiveRules(of: roleRef, namespace: namespace ?? ""), now: Date())
        switch PolicyEngine.evaluate(input, policies: policies) {
        case .allowed(let terms): return CheckResult(request: name, namespace: namespace, terms: terms)
        case .rejected(let rejection): return CheckResult(request: name, namespace: namespace, rejection: rejection)
        }
    }

    func objects(_ paths: [String]) throws -> [Manifest] {
        try ManifestFiles.load(paths).flatMap(\.manifests)
    }

    func parseLabels() throws -> [String: String] {
        var labels: [String: String] = [:]
        for pair in namespaceLabel {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--namespace-label \(pair): expected key=value")
            }
            labels[String(parts[0])] = String(parts[1])
        }
        return labels
    }
}

/// One request's verdict, printable as text or JSON.
struct CheckResult: Encodable {
    var request: String
    /// Absent for a ClusterAccessRequest.
    var namespace: String?
    var allowed: Bool
    var policy: String?
    var duration: String?
    var maxDuration: String?
    var requiredApprovals: Int?
    var approvers: String?
    var approvalTimeout: String?
    /// How the grant may be extended, when its policy allows it.
    var `extension`: ExtensionCheck?
    /// How a break-glass request is reviewed, when it is one.
    var breakGlass: BreakGlassCheck?
    /// The policy's `maxActivePerRequester`, when set.
    var maxActivePerRequester: Int?
    var reason: String?
    var message: String?

    /// A policy's `extension`, as `policy check` reports it.
    struct ExtensionCheck: Encodable {
        var maxTotal: String
        var maxExtensions: Int
        var requiredApprovals: Int
        var approvers: String
        var timeout: String

        init(_ terms: ExtensionTerms) {
            maxTotal = GoDuration.humanize(terms.maxTotal)
            maxExtensions = terms.maxExtensions
            requiredApprovals = terms.requiredApprovals
            approvers = terms.approvers.description
            timeout = GoDuration.humanize(terms.timeout)
        }

        var text: String {
            let approval =
                requiredApprovals == 0
                ? "none (extended at once)" : "\(requiredApprovals) from \(approvers), within \(timeout)"
            return "up to \(maxTotal) in total, at most \(maxExtensions) time(s); approvals: \(approval)"
        }
    }

    /// A break-glass grant's review, as `policy check` reports it.
    struct BreakGlassCheck: Encodable {
        var reviewers: String
        var reviewWithin: String
        var cooldown: String?

        init(_ terms: BreakGlassTerms, reviewers: ApproverMatcher) {
            self.reviewers = reviewers.description
            reviewWithin = GoDuration.humanize(terms.reviewWithin)
            cooldown = terms.cooldown.map(GoDuration.humanize)
        }

        var text: String {
            let often = cooldown.map { "; once every \($0) per person" } ?? ""
            return
                "granted at once, without approval; \(reviewers) must ratify or reject it within \(reviewWithin)\(often)"
        }
    }

    init(request: String, namespace: String?, terms: GrantTerms) {
        self.request = request
        self.namespace = namespace
        allowed = true
        policy = terms.policy
        duration = GoDuration.humanize(terms.duration)
        maxDuration = GoDuration.humanize(terms.maxDuration)
        requiredApprovals = terms.requiredApprovals
        approvers = terms.approvers.description
        approvalTimeout = GoDuration.humanize(terms.approvalTimeout)
        `extension` = terms.lifecycle.extensionTerms.map(ExtensionCheck.init)
        breakGlass = terms.breakGlass.map { BreakGlassCheck($0, reviewers: terms.approvers) }
        maxActivePerRequester = terms.activeLimit?.maximum
    }

    init(request: String, namespace: String?, rejection: Rejection) {
        self.request = request
        self.namespace = namespace
        allowed = false
        reason = rejection.reason.rawValue
        message = rejection.message
    }

    /// `demo/alice-edit`, or `ClusterAccessRequest alice-nodes`.
    var subject: String { namespace.map { "\($0)/\(request)" } ?? "ClusterAccessRequest \(request)" }

    var text: String {
        guard allowed, let policy, let duration, let requiredApprovals else {
            return "\(subject): rejected (\(reason ?? "")): \(message ?? "")"
        }
        let approvals =
            requiredApprovals == 0
            ? "none (auto-approved)"
            : "\(requiredApprovals) from \(approvers ?? ""), within \(approvalTimeout ?? "")"
        var lines = [
            "\(subject): allowed",
            "  policy:    AccessPolicy \"\(policy)\"",
            "  duration:  \(duration) (maximum \(maxDuration ?? ""))",
        ]
        if let breakGlass {
            lines.append("  break-glass: \(breakGlass.text)")
        } else {
            lines.append("  approvals: \(approvals)")
        }
        if let `extension` { lines.append("  extension: \(`extension`.text)") }
        if let maxActivePerRequester {
            lines.append("  limit:     at most \(maxActivePerRequester) unfinished request(s) per requester")
        }
        return lines.joined(separator: "\n")
    }
}
