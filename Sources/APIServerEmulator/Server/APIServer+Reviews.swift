import DrawbridgeAPI
import DrawbridgeCore

extension APIServer {
    /// The create-only review resources: SelfSubjectAccessReview, SubjectAccessReview,
    /// LocalSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview. Nothing is stored; the
    /// answer is the submitted object plus `status`, with 201.
    func review(_ request: APIRequest, user: UserInfo, type: ResourceType, target: RequestTarget) throws -> APIResponse
    {
        var object = try decodeBody(request)
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        object["metadata"] = ["creationTimestamp": .null]
        let spec = object["spec"] ?? .object([:])
        switch type.kind {
        case "SelfSubjectAccessReview":
            object["status"] = accessReviewStatus(spec, user: user.username, groups: user.groups)
        case "SubjectAccessReview", "LocalSubjectAccessReview":
            let subject = spec["user"]?.stringValue ?? ""
            let groups = (spec["groups"]?.arrayValue ?? []).compactMap(\.stringValue)
            if subject.isEmpty && groups.isEmpty {
                throw StatusError.invalid(
                    type, "",
                    [
                        .init(
                            reason: "FieldValueRequired",
                            message: "Required value: at least one of user or group must be specified",
                            field: "spec.user")
                    ])
            }
            if type.kind == "LocalSubjectAccessReview",
                spec[path: ["resourceAttributes", "namespace"]]?.stringValue != target.namespace
            {
                throw StatusError.badRequest(
                    "spec.resourceAttributes.namespace must match namespace: \(target.namespace)")
            }
            object["status"] = accessReviewStatus(spec, user: subject, groups: groups)
        case "SelfSubjectRulesReview":
            object["status"] = rulesReviewStatus(user: user, namespace: spec["namespace"]?.stringValue ?? "")
        case "SelfSubjectReview":
            object["status"] = ["userInfo": user.json]
        default:
            throw StatusError.methodNotAllowed()
        }
        return .json(object, status: 201)
    }

    func accessReviewStatus(_ spec: JSONValue, user: String, groups: [String]) -> JSONValue {
        if groups.contains("system:masters") { return ["allowed": true, "reason": "system:masters may do anything"] }
        let attributes: AuthorizationAttributes
        if let resource = spec["resourceAttributes"] {
            func field(_ key: String) -> String { resource[key]?.stringValue ?? "" }
            attributes = .resource(
                user: user, groups: groups, verb: field("verb"), apiGroup: field("group"), resource: field("resource"),
                subresource: field("subresource"), name: field("name"), namespace: field("namespace"))
        } else {
            let nonResource = spec["nonResourceAttributes"] ?? .object([:])
            attributes = .nonResource(
                user: user, groups: groups, verb: nonResource["verb"]?.stringValue ?? "",
                path: nonResource["path"]?.stringValue ?? "")
        }
        let decision = authorizeRBAC(attributes)
        return decision.allowed ? ["allowed": true, "reason": .string(decision.reason)] : ["allowed": false]
    }

    func rulesReviewStatus(user: UserInfo, namespace: String) -> JSONValue {
        let rules =
            user.isMaster
            ? [
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
            ]
            : rbac().rules(forUser: user.username, groups: user.groups, namespace: namespace)
        func strings(_ values: [String]?) -> JSONValue { .array((values ?? []).map(JSONValue.string)) }
        let resourceRules: [JSONValue] = rules.filter { !($0.resources ?? []).isEmpty }.map {
            var rule: [String: JSONValue] = [
                "verbs": strings($0.verbs), "apiGroups": strings($0.apiGroups), "resources": strings($0.resources),
            ]
            if let names = $0.resourceNames, !names.isEmpty { rule["resourceNames"] = strings(names) }
            return .object(rule)
        }
        let nonResourceRules: [JSONValue] = rules.filter { !($0.nonResourceURLs ?? []).isEmpty }.map {
            ["verbs": strings($0.verbs), "nonResourceURLs": strings($0.nonResourceURLs)]
        }
        return [
            "resourceRules": .array(resourceRules), "nonResourceRules": .array(nonResourceRules), "incomplete": false,
        ]
    }
}
