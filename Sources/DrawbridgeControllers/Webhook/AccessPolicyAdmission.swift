import DrawbridgeAPI
import DrawbridgeCore

/// The validating webhook for AccessPolicies: a policy the controller would find invalid (a regular
/// expression that does not compile, a duration that does not parse, a default longer than the
/// maximum, approvals that can never be collected, a forbidden rule that forbids nothing) is refused
/// at `kubectl apply` with the reason, so the broken state is hard to reach at all.
///
/// The controller does not rely on it: a policy that bypassed admission (webhook configuration
/// deleted, or stored before the webhook existed) still grants nothing and refuses every request it
/// covers (see `InvalidPolicy`). Pure, like `AccessRequestAdmission`, which hands it the reviews
/// about AccessPolicies that reach the validating webhook.
public enum AccessPolicyAdmission {
    /// CREATE and UPDATE of an AccessPolicy (its status and deletes are not judged): allowed when
    /// it compiles, refused with `AccessPolicy "x" is invalid: <field>: <problem>` otherwise.
    public static func review(_ request: AdmissionRequest) -> AdmissionResponse {
        guard request.subResource.map(\.isEmpty) ?? true, [.create, .update].contains(request.operation) else {
            return .allowed(uid: request.uid)
        }
        guard let object = request.object else {
            return .denied(uid: request.uid, .badRequest("object is required"))
        }
        let policy: AccessPolicy
        do {
            policy = try object.decode(as: AccessPolicy.self)
        } catch {
            return .denied(
                uid: request.uid,
                .badRequest("object is not a valid AccessPolicy: \(AccessRequestAdmission.describe(error))"))
        }
        if case .failure(let invalid) = CompiledPolicy.compile(policy) {
            return .denied(uid: request.uid, .badRequest(invalid.description))
        }
        return .allowed(uid: request.uid)
    }
}
