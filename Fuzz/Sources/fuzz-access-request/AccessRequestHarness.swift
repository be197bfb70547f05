import DrawbridgeAPI
import DrawbridgeCore
import FuzzSupport

/// AccessRequests as the controller reads them from the API server (JSON): any bytes decode or are
/// refused, never trap; a decoded request is validated, judged by the example policies, and written
/// back exactly as read (the controller writes status to the object it decoded).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccessRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let json = FuzzInput(data, size).json, let request = try? json.decode(as: AccessRequest.self) else {
        return 0
    }
    let problems = RequestValidator.problems(request.spec)
    invariant(RequestValidator.validate(request.spec) == problems.first, "validate disagrees with problems")
    _ = ManifestCheck.problems(of: .accessRequest(request))
    let input = PolicyInput(
        requester: request.spec.requester ?? UserIdentity(username: "alice", groups: ["developers"]),
        namespace: request.metadata.namespace ?? "demo", role: request.spec.role, duration: request.spec.duration,
        reason: request.spec.reason, roleRules: [])
    for mode in [PolicyEngine.Mode.newRequest, .liveGrant] {
        checkVerdict(
            PolicyEngine.evaluate(input, policies: PolicySet(ExamplePolicies.all), mode: mode),
            policies: ExamplePolicies.all)
    }
    let encoded: JSONValue
    do {
        encoded = try JSONValue(encoding: request)
    } catch {
        fatalError("invariant broken: a decoded AccessRequest does not encode: \(error)")
    }
    invariant((try? encoded.decode(as: AccessRequest.self)) == request, "an AccessRequest changed on a round trip")
    return 0
}
