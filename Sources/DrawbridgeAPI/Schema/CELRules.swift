/// The part of `x-kubernetes-validations` Drawbridge can honour without a CEL interpreter.
///
/// Only the immutability rule `self == oldSelf` (or `oldSelf == self`) is evaluated, at any schema
/// node, on update. Every other rule is reported back as ignored so that callers can warn once
/// instead of silently pretending it holds.
public enum CELRules {
    /// A rule that was not evaluated, and where it sits (`spec.requesters`, `spec.items[*]`).
    public struct IgnoredRule: Hashable, Sendable {
        public var path: String
        public var rule: ValidationRule

        public init(path: String, rule: ValidationRule) {
            self.path = path
            self.rule = rule
        }
    }

    /// Violations of evaluated rules, and the rules met along the way that were not evaluated.
    public struct Report: Hashable, Sendable {
        public var violations: [FieldError]
        public var ignored: [IgnoredRule]

        public init(violations: [FieldError] = [], ignored: [IgnoredRule] = []) {
            self.violations = violations
            self.ignored = ignored
        }
    }

    /// True for the immutability rule, whatever its spacing.
    public static func isImmutabilityRule(_ rule: String) -> Bool {
        let compact = rule.filter { !$0.isWhitespace }
        return compact == "self==oldSelf" || compact == "oldSelf==self"
    }

    /// The errors an update from `old` to `new` causes under the schema's immutability rules.
    public static func transitionRuleViolations(old: JSONValue, new: JSONValue, schema: JSONSchemaProps) -> [FieldError]
    {
        check(old: old, new: new, schema: schema).violations
    }

    /// Evaluates immutability rules where old and new values correlate (object members, map values,
    /// `list-type: map` items by key) and lists the other rules met there as ignored.
    public static func check(old: JSONValue, new: JSONValue, schema: JSONSchemaProps, at path: String = "") -> Report {
        var report = Report()
        visit(old: old, new: new, schema: schema, path: path, report: &report)
        return report
    }

    /// Every rule in the schema that this type does not evaluate, with its schema path; for a warning
    /// when a CRD is registered.
    public static func ignoredRules(in schema: JSONSchemaProps, at path: String = "") -> [IgnoredRule] {
        var found = (schema.xValidations ?? []).filter { !isImmutabilityRule($0.rule) }.map {
            IgnoredRule(path: path, rule: $0)
        }
        for name in (schema.properties ?? [:]).keys.sorted() {
            if let property = schema.properties?[name] {
                found += ignoredRules(in: property, at: SchemaValidator.child(path, name))
            }
        }
        if let items = schema.items { found += ignoredRules(in: items, at: "\(path)[*]") }
        if case .schema(let values) = schema.additionalProperties {
            found += ignoredRules(in: values, at: "\(path)[*]")
        }
        return found
    }

    private static func visit(
        old: JSONValue, new: JSONValue, schema: JSONSchemaProps, path: String, report: inout Report
    ) {
        for rule in schema.xValidations ?? [] {
            guard isImmutabilityRule(rule.rule) else {
                report.ignored.append(IgnoredRule(path: path, rule: rule))
                continue
            }
            if old != new { report.violations.append(violation(of: rule, at: path, schema: schema)) }
        }
        switch (old, new) {
        case (.object(let before), .object(let after)):
            for name in after.keys.sorted() {
                guard let now = after[name], let then = before[name] else { continue }
                if let property = schema.properties?[name] ?? schema.additionalPropertiesSchema {
                    visit(
                        old: then, new: now, schema: property, path: SchemaValidator.child(path, name), report: &report)
                }
            }
        case (.array(let before), .array(let after)):
            guard schema.xListType == "map", let keys = schema.xListMapKeys, let items = schema.items else { return }
            func key(_ item: JSONValue) -> [JSONValue?] { keys.map { item[$0] } }
            for (index, now) in after.enumerated() {
                guard let then = before.first(where: { key($0) == key(now) }) else { continue }
                visit(old: then, new: now, schema: items, path: "\(path)[\(index)]", report: &report)
            }
        default:
            break
        }
    }

    /// The error kube-apiserver reports for a failed rule: `Invalid value: "object": <message>`.
    private static func violation(of rule: ValidationRule, at path: String, schema: JSONSchemaProps) -> FieldError {
        let message = rule.message ?? "failed rule: \(rule.rule)"
        var field = path
        if let fieldPath = rule.fieldPath, !fieldPath.isEmpty {
            field = path + (path.isEmpty && fieldPath.hasPrefix(".") ? String(fieldPath.dropFirst()) : fieldPath)
        }
        switch rule.reason {
        case FieldError.Reason.forbidden.rawValue?:
            return FieldError(field: field, reason: .forbidden, message: "Forbidden: \(message)")
        case FieldError.Reason.required.rawValue?:
            return FieldError(field: field, reason: .required, message: "Required value: \(message)")
        default:
            return .invalid(field, .string(schema.type ?? "object"), message)
        }
    }
}
