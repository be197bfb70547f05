import DrawbridgeAPI
import Foundation

/// kube-apiserver's validation of webhook `matchConditions` when a Mutating- or
/// ValidatingWebhookConfiguration is created or updated: at most 64 per webhook, each with a
/// qualified, unique name and an expression that compiles to `bool`. The emulator also refuses, at
/// this point, expressions outside its CEL subset (such as `authorizer`), so no configuration it
/// accepted can fail to compile later.
enum MatchConditionValidation {
    static let maxConditions = 64

    /// The 422 causes for `object`'s match conditions. On update they are checked only when some
    /// webhook's conditions changed, as kube-apiserver does, so an unrelated edit never fails on them.
    /// Compiled programs land in `programs`, ready for the requests that follow.
    static func causes(_ object: JSONValue, old: JSONValue?, programs: CELProgramCache) -> [StatusError.Cause] {
        let webhooks = object["webhooks"]?.arrayValue ?? []
        if let old {
            let before = old["webhooks"]?.arrayValue ?? []
            if before.count == webhooks.count
                && zip(before, webhooks).allSatisfy({ $0["matchConditions"] == $1["matchConditions"] })
            {
                return []
            }
        }
        var causes: [StatusError.Cause] = []
        for (index, webhook) in webhooks.enumerated() {
            causes += conditionCauses(
                webhook["matchConditions"]?.arrayValue ?? [], at: "webhooks[\(index)].matchConditions",
                programs: programs)
        }
        return causes
    }

    static func conditionCauses(_ conditions: [JSONValue], at path: String, programs: CELProgramCache)
        -> [StatusError.Cause]
    {
        var causes: [StatusError.Cause] = []
        if conditions.count > maxConditions {
            causes.append(
                .init(
                    reason: "FieldValueTooMany",
                    message: "Too many: \(conditions.count): must have at most \(maxConditions) items", field: path))
        }
        var names: Set<String> = []
        for (index, condition) in conditions.enumerated() {
            let field = "\(path)[\(index)]"
            let expression = (condition["expression"]?.stringValue ?? "").trimmingCharacters(
                in: .whitespacesAndNewlines)
            if expression.isEmpty {
                causes.append(
                    .init(reason: "FieldValueRequired", message: "Required value", field: "\(field).expression"))
            } else if case .failure(let error) = programs.program(expression) {
                causes.append(
                    .init(
                        reason: "FieldValueInvalid",
                        message: "Invalid value: \(GoFormat.quoted(expression)): \(error.detail)",
                        field: "\(field).expression"))
            }
            let name = condition["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "\(field).name"))
            } else {
                for problem in LabelSyntax.keyErrors(name) {
                    causes.append(
                        .init(
                            reason: "FieldValueInvalid", message: "Invalid value: \(GoFormat.quoted(name)): \(problem)",
                            field: "\(field).name"))
                }
                if !names.insert(name).inserted {
                    causes.append(
                        .init(
                            reason: "FieldValueDuplicate", message: "Duplicate value: \(GoFormat.quoted(name))",
                            field: "\(field).name"))
                }
            }
        }
        return causes
    }
}
