import DrawbridgeAPI
import Foundation

/// Whether a webhook whose rules matched is called, as kube-apiserver's match-condition matcher
/// decides: every condition is evaluated against the AdmissionRequest being sent; any `false` skips
/// the webhook (even if another condition failed); otherwise an evaluation error applies the
/// webhook's failurePolicy (Fail refuses the request, Ignore skips the webhook); all `true` calls it.
enum MatchConditions {
    enum Decision: Hashable, Sendable {
        /// Call the webhook.
        case call
        /// Do not call it; the request proceeds as if it allowed it. `condition` is the first false
        /// condition's name (nil when skipped under failurePolicy Ignore after an error).
        case skip(condition: String?)
        /// Refuse the request (failurePolicy Fail after an error) with this reason.
        case refuse(String)
    }

    /// Decides for `webhook` given the AdmissionReview `request` it would be sent.
    static func decide(_ webhook: JSONValue, request: JSONValue, programs: CELProgramCache) -> Decision {
        let conditions = webhook["matchConditions"]?.arrayValue ?? []
        guard !conditions.isEmpty else { return .call }
        let variables = self.variables(request)
        var errors: [String] = []
        for condition in conditions {
            let source = (condition["expression"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch programs.program(source) {
            case .failure(let error):
                errors.append("compilation error: \(error.detail)")
            case .success(let program):
                do {
                    if try !program.evaluate(variables) { return .skip(condition: condition["name"]?.stringValue) }
                } catch {
                    errors.append("expression '\(source)' resulted in error: \(error)")
                }
            }
        }
        guard !errors.isEmpty else { return .call }
        if webhook["failurePolicy"]?.stringValue == "Ignore" { return .skip(condition: nil) }
        return .refuse(errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]")
    }

    /// The CEL variables for one AdmissionReview request: `object` and `oldObject` (null when
    /// absent) and `request` without `uid`, `object` and `oldObject`, and without fields
    /// kube-apiserver omits when empty (so `has(request.namespace)` is false for cluster-scoped
    /// resources, and `request.namespace` fails with `no such key` there).
    static func variables(_ request: JSONValue) -> [String: JSONValue] {
        var fields = request.objectValue ?? [:]
        let object = fields.removeValue(forKey: "object") ?? .null
        let oldObject = fields.removeValue(forKey: "oldObject") ?? .null
        fields["uid"] = nil
        for key in ["name", "namespace", "subResource", "requestSubResource"] where fields[key] == .string("") {
            fields[key] = nil
        }
        return ["object": object, "oldObject": oldObject, "request": .object(fields)]
    }
}
