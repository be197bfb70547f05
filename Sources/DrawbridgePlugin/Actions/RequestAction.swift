import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

/// `kubectl drawbridge request ROLE --for 30m --reason "..."`: creates the AccessRequest as the
/// caller (the webhook stamps who they are), says which policy governs it and what it still needs,
/// and with `--wait` follows it until it is Active or over.
public struct RequestAction: Sendable {
    /// The role to ask for.
    public var role: RoleReference
    /// `--for`; nil takes the policy's default.
    public var duration: String?
    /// `--reason`.
    public var reason: String
    /// `--name`; nil makes one from the caller and the role.
    public var name: String?
    /// Where to ask for it.
    public var namespace: String
    /// `--wait`: follow the request until it is Active, Denied, Rejected, TimedOut or over.
    public var wait: Bool
    /// `--timeout` for `--wait`; nil waits as long as the request is undecided.
    public var timeout: Duration?
    /// `--break-glass`: emergency access, granted at once and reviewed afterwards, where a policy
    /// lets the caller break glass.
    public var breakGlass: Bool
    /// `--start-at`: when access should start (the policy's `maxLeadTime` bounds it).
    public var startAt: KubeTime?
    /// `--cluster-wide`: a ClusterAccessRequest for a ClusterRole in every namespace (`namespace`
    /// is then ignored).
    public var clusterWide: Bool

    /// A request for `role` in `namespace`.
    public init(
        role: RoleReference, duration: String?, reason: String, name: String? = nil, namespace: String,
        wait: Bool = false, timeout: Duration? = nil, breakGlass: Bool = false, startAt: KubeTime? = nil,
        clusterWide: Bool = false
    ) {
        self.role = role
        self.duration = duration
        self.reason = reason
        self.name = name
        self.namespace = namespace
        self.wait = wait
        self.timeout = timeout
        self.breakGlass = breakGlass
        self.startAt = startAt
        self.clusterWide = clusterWide
    }

    /// Creates the request and reports as `style` asks. With `--wait`, `progress` (when given)
    /// receives the receipt at once, so the requester sees what the request needs while waiting;
    /// otherwise everything comes back in the output.
    public func run(
        _ session: PluginSession, style: OutputStyle, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> PluginOutput {
        let caller = try? await session.whoami()
        var request = try await create(in: session, caller: caller)
        var output = PluginOutput()
        if style.format == .table {
            let context = try? await PolicyContext.gather(
                session, namespaces: clusterWide ? [] : [namespace],
                roleNamespaces: role.kind == Role.kind && !clusterWide ? [namespace] : [])
            output.stdout = RequestReceipt.render(request, context: context, now: session.now())
        }
        if wait {
            if style.format == .table { output.stdout += "Waiting until it is Active or over...\n" }
            if let progress, !output.stdout.isEmpty {
                progress(output.stdout)
                output.stdout = ""
            }
            request = try await RequestWaiter(session: session, timeout: timeout).outcome(of: request)
            let phase = request.status?.phase
            let message = request.status?.message ?? ""
            if style.format == .table {
                output.stdout += "\(OutputFormat.name(request)) \(phase?.rawValue ?? "New"): \(message)\n"
            }
            if phase != .active {
                output.exitCode = .notGranted
                if style.format != .table {
                    output.stderr = "error: the request ended \(phase?.rawValue ?? "undecided"): \(message)\n"
                }
            }
        }
        switch style.format {
        case .table: break
        case .json: output.stdout = try OutputFormat.json(try OutputFormat.wire(request))
        case .yaml: output.stdout = try OutputFormat.yaml(try OutputFormat.wire(request))
        case .name: output.stdout = OutputFormat.name(request) + "\n"
        }
        return output
    }

    /// `alice-edit-` (then the server's random suffix): lower-case letters, digits and dashes only,
    /// short enough for the suffix and the `drawbridge-` prefix of the grant's binding.
    /// Creates the request under `--name`, or under a name made here from the caller and the role
    /// plus a random suffix, as `generateName` would (which Drawbridge refuses: the requester is
    /// signed together with the name, and the API server makes names only after admission). A
    /// clash with an existing request tries another suffix.
    func create(in session: PluginSession, caller: CallerIdentity?) async throws -> AccessRequest {
        var spec = AccessRequestSpec(role: role, duration: duration, reason: reason)
        if breakGlass { spec.breakGlass = true }
        spec.startAt = startAt
        if let name, !name.isEmpty { return try await create(named: name, spec: spec, in: session) }
        let prefix = Self.namePrefix(user: caller?.username ?? "", role: role.name)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await create(named: prefix + Self.randomSuffix(), spec: spec, in: session)
            } catch let error as APIError where error.isAlreadyExists && attempt < 5 {
                continue
            }
        }
    }

    /// Creates the AccessRequest, or with `--cluster-wide` the ClusterAccessRequest, `name`.
    func create(named name: String, spec: AccessRequestSpec, in session: PluginSession) async throws
        -> AccessRequest
    {
        guard clusterWide else {
            return try await session.client.create(
                AccessRequest(metadata: ObjectMeta(name: name, namespace: namespace), spec: spec))
        }
        return AccessRequest(
            try await session.client.create(ClusterAccessRequest(metadata: ObjectMeta(name: name), spec: spec)))
    }

    /// Five characters as the API server's name generator picks them (no vowels, no look-alikes).
    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<5).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func namePrefix(user: String, role: String) -> String {
        let raw = user.isEmpty ? role : "\(user)-\(role)"
        var cleaned = ""
        for character in raw.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                cleaned.append(character)
            } else if !cleaned.isEmpty, !cleaned.hasSuffix("-") {
                cleaned.append("-")
            }
        }
        cleaned = String(cleaned.prefix(40))
        while cleaned.hasSuffix("-") { cleaned.removeLast() }
        return (cleaned.isEmpty ? "request" : cleaned) + "-"
    }
}
