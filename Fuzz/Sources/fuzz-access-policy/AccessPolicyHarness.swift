import DrawbridgeAPI
import DrawbridgeCore
import FuzzSupport

/// AccessPolicies as the controller and webhook read them (JSON): any bytes decode or are refused;
/// a decoded policy compiles or is named invalid with a reason, never traps; beside the example
/// policies it judges a few requests, and every verdict keeps the engine's promises (`checkVerdict`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccessPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let json = FuzzInput(data, size).json, let policy = try? json.decode(as: AccessPolicy.self) else {
        return 0
    }
    let compiled = CompiledPolicy.compile(policy)
    if case .failure(let invalid) = compiled {
        invariant(!invalid.description.isEmpty, "an invalid policy without a reason")
    }
    _ = ManifestCheck.problems(of: .accessPolicy(policy))
    let policies = [policy] + ExamplePolicies.all
    let set = PolicySet(policies)
    for input in inputs {
        for mode in [PolicyEngine.Mode.newRequest, .liveGrant] {
            checkVerdict(PolicyEngine.evaluate(input, policies: set, mode: mode), policies: policies)
        }
    }
    invariant(
        (try? JSONValue(encoding: policy).decode(as: AccessPolicy.self)) == policy,
        "an AccessPolicy changed on a round trip")
    return 0
}

/// Requests the fuzzed policy might govern: a developer, an SRE and a ServiceAccount, with and without
/// durations and reasons, against a Role and ClusterRoles whose rules are known.
private let inputs: [PolicyInput] = {
    let edit = EffectiveRules.of(
        RoleReference(kind: "ClusterRole", name: "edit"), namespace: "demo", roles: [],
        clusterRoles: DefaultClusterRoles.all)
    return [
        PolicyInput(
            requester: UserIdentity(username: "alice", uid: "u-a", groups: ["developers"]), namespace: "demo",
            namespaceLabels: ["env": "dev"], role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "30m",
            reason: "INC-4242 roll back", roleRules: edit),
        PolicyInput(
            requester: UserIdentity(username: "bob", groups: ["sre", "system:authenticated"]), namespace: "prod",
            role: RoleReference(kind: "ClusterRole", name: "view"), roleRules: nil),
        PolicyInput(
            requester: UserIdentity(username: "system:serviceaccount:ci:deployer"), namespace: "ci",
            role: RoleReference(kind: "Role", name: "deployer"), duration: "1h30m", reason: "", roleRules: []),
    ]
}()
