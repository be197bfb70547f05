import DrawbridgeAPI
import Foundation

extension APIServer {
    /// Admission as kube-apiserver orders it: mutating webhooks, then (on create) the registry's
    /// generated name, uid and creation time, then schema pruning, defaulting and validation (custom
    /// resources), then validating webhooks. Returns the admitted object and any
    /// warnings for the `Warning` header.
    func admit(
        _ ctx: WriteContext, operation: String, object: JSONValue, old: JSONValue?
    ) async throws -> (JSONValue, [String]) {
        var object = object
        var warnings: [String] = []
        object = try await callWebhooks(
            ctx, operation: operation, object: object, old: old, mutating: true, warnings: &warnings)
        if operation == "CREATE" { object = try ObjectLifecycle.completeCreate(object, ctx) }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ctx.target.name ?? ""
        if operation != "DELETE", ctx.type.isCustom, let schema = ctx.type.schema {
            let (pruned, unknown) = SchemaValidator.prune(object, schema: schema)
            if !unknown.isEmpty {
                let list = unknown.map { "unknown field \"\($0)\"" }
                switch ctx.fieldValidation {
                case "Strict":
                    throw StatusError.badRequest(
                        "\(ctx.type.kind) in version \"\(ctx.type.version)\" cannot be handled as a \(ctx.type.kind): strict decoding error: \(list.joined(separator: ", "))"
                    )
                case "Ignore": break
                default: warnings += list
                }
            }
            object = SchemaValidator.applyDefaults(pruned, schema: schema)
            var errors = SchemaValidator.validate(object, against: schema)
            if let old { errors += CELRules.transitionRuleViolations(old: old, new: object, schema: schema) }
            if !errors.isEmpty {
                throw StatusError.invalid(
                    ctx.type, name,
                    errors.map { .init(reason: $0.reason.rawValue, message: $0.message, field: $0.field) })
            }
        }
        if operation != "DELETE" { try validateWebhookConfiguration(ctx, object: object, old: old, name: name) }
        object = try await callWebhooks(
            ctx, operation: operation, object: object, old: old, mutating: false, warnings: &warnings)
        if operation == "CREATE" || operation == "UPDATE" { try checkBindingEscalation(ctx, object: object) }
        return (object, warnings)
    }

    /// Calls every registered webhook of one kind whose rules match, in name order.
    func callWebhooks(
        _ ctx: WriteContext, operation: String, object: JSONValue, old: JSONValue?, mutating: Bool,
        warnings: inout [String]
    ) async throws -> JSONValue {
        let plural = mutating ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations"
        let configurations = store.list(
            StorageKey(group: "admissionregistration.k8s.io", plural: plural), namespace: nil
        ).items
        guard !configurations.isEmpty else { return object }
        var object = object
        for configuration in configurations {
            for webhook in configuration["webhooks"]?.arrayValue ?? []
            where WebhookRules.matches(webhook, ctx, operation: operation) {
                let name = webhook["name"]?.stringValue ?? ""
                let review = AdmissionReviews.request(ctx, operation: operation, object: object, old: old)
                switch MatchConditions.decide(
                    webhook, request: review["request"] ?? .null, programs: matchConditionPrograms)
                {
                case .call: break
                case .skip: continue
                case .refuse(let reason): throw matchConditionError(ctx, object: object, reason: reason)
                }
                let timeout = Duration.seconds(webhook["timeoutSeconds"]?.intValue ?? 10)
                let ignoreFailure = webhook["failurePolicy"]?.stringValue == "Ignore"
                let reply: JSONValue
                do {
                    guard let caller = options.webhookCaller else { throw WebhookUnavailable() }
                    reply = try await caller.call(
                        clientConfig: webhook["clientConfig"] ?? .object([:]), review: review, timeout: timeout)
                } catch {
                    if ignoreFailure { continue }
                    throw StatusError.internalError("failed calling webhook \"\(name)\": \(error)")
                }
                let response = reply["response"] ?? .object([:])
                warnings += (response["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
                guard response["allowed"]?.boolValue == true else {
                    throw AdmissionReviews.denial(webhook: name, status: response["status"])
                }
                if mutating, let patch = response["patch"]?.stringValue, let data = Data(base64Encoded: patch) {
                    let operations = try JSONWire.decode(Array(data))
                    object = try Adapters.applyPatch(
                        contentType: "application/json-patch+json", patch: operations, to: object, type: ctx.type)
                }
            }
        }
        return object
    }

    /// kube-apiserver's answer when a match condition fails to evaluate under failurePolicy Fail:
    /// 403 `<resource> "<name>" is forbidden: <reason>`, without calling the webhook.
    func matchConditionError(_ ctx: WriteContext, object: JSONValue, reason: String) -> StatusError {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ctx.target.name ?? ""
        let subject = name.isEmpty ? ctx.type.qualifiedName : "\(ctx.type.qualifiedName) \"\(name)\""
        return .forbidden("\(subject) is forbidden: \(reason)", ctx.type, name: name)
    }

    /// Refuses a Mutating/ValidatingWebhookConfiguration whose `matchConditions` kube-apiserver would
    /// refuse (422), after mutating admission as kube-apiserver's strategy validation runs.
    func validateWebhookConfiguration(_ ctx: WriteContext, object: JSONValue, old: JSONValue?, name: String) throws {
        guard ctx.type.group == "admissionregistration.k8s.io",
            ctx.type.kind == "MutatingWebhookConfiguration" || ctx.type.kind == "ValidatingWebhookConfiguration",
            ctx.target.subresource == nil
        else { return }
        let causes = MatchConditionValidation.causes(object, old: old, programs: matchConditionPrograms)
        if !causes.isEmpty { throw StatusError.invalid(ctx.type, name, causes) }
    }

    struct WebhookUnavailable: Error, CustomStringConvertible {
        var description: String { "no webhook client is configured" }
    }
}

/// Which requests a webhook's `rules` select (operations, groups, versions, resources with
/// `resource/subresource`, scope).
enum WebhookRules {
    static func matches(_ webhook: JSONValue, _ ctx: WriteContext, operation: String) -> Bool {
        let resource = ctx.target.subresource.map { "\(ctx.type.plural)/\($0)" } ?? ctx.type.plural
        for rule in webhook["rules"]?.arrayValue ?? [] {
            func list(_ key: String) -> [String] { (rule[key]?.arrayValue ?? []).compactMap(\.stringValue) }
            func has(_ values: [String], _ value: String) -> Bool { values.contains("*") || values.contains(value) }
            let resources = list("resources")
            let resourceMatches =
                resources.contains(resource) || resources.contains("*/*")
                || (ctx.target.subresource == nil && resources.contains("*"))
                || (ctx.target.subresource.map { resources.contains("*/\($0)") } ?? false)
            let scope = rule["scope"]?.stringValue ?? "*"
            let scopeMatches = scope == "*" || (scope == "Namespaced") == ctx.type.namespaced
            if has(list("operations"), operation) && has(list("apiGroups"), ctx.type.group)
                && has(list("apiVersions"), ctx.type.version) && resourceMatches && scopeMatches
            {
                return true
            }
        }
        return false
    }
}

/// AdmissionReview v1 requests and the errors built from denials.
enum AdmissionReviews {
    static func request(_ ctx: WriteContext, operation: String, object: JSONValue, old: JSONValue?) -> JSONValue {
        let gvk: JSONValue = [
            "group": .string(ctx.type.group), "version": .string(ctx.type.version), "kind": .string(ctx.type.kind),
        ]
        let gvr: JSONValue = [
            "group": .string(ctx.type.group), "version": .string(ctx.type.version),
            "resource": .string(ctx.type.plural),
        ]
        var request: [String: JSONValue] = [
            "uid": .string(UUID().uuidString.lowercased()), "kind": gvk, "resource": gvr, "requestKind": gvk,
            "requestResource": gvr, "name": object[path: ["metadata", "name"]] ?? .string(ctx.target.name ?? ""),
            "operation": .string(operation), "userInfo": ctx.user.json, "dryRun": .bool(ctx.isDryRun),
            "object": operation == "DELETE" ? .null : object, "oldObject": old ?? .null,
        ]
        if !ctx.namespace.isEmpty { request["namespace"] = .string(ctx.namespace) }
        if let subresource = ctx.target.subresource {
            request["subResource"] = .string(subresource)
            request["requestSubResource"] = .string(subresource)
        }
        return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": .object(request)]
    }

    /// The error kube-apiserver returns for a denial: the webhook's status, at least 400, with
    /// `admission webhook "<name>" denied the request: <message>`.
    static func denial(webhook: String, status: JSONValue?) -> StatusError {
        let code = Int(status?["code"]?.intValue ?? 0)
        let message = status?["message"]?.stringValue ?? ""
        let deniedBy = "admission webhook \"\(webhook)\" denied the request"
        return StatusError(
            code: code < 400 ? 400 : code, reason: status?["reason"]?.stringValue ?? "",
            message: message.isEmpty ? "\(deniedBy) without explanation" : "\(deniedBy): \(message)")
    }
}
