import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Testing

/// One line of a shared RBAC vector file, classified by the keys it carries so that new files with
/// the same shapes are picked up without code changes.
enum RBACVector: Sendable, CustomTestStringConvertible {
    /// `rule` + `request` -> `allowed`, optionally through a `binding`.
    case rule(RuleVector, Origin)
    /// `subjects` + `user` + `bindingNamespace` -> `appliesTo`.
    case subject(SubjectVector, Origin)
    /// `ownerRules` + `servantRules` -> `covered` (+ optional exact `uncovered`).
    case covers(CoversVector, Origin)
    /// A line (or a whole directory) that cannot be checked; it fails the test instead of being skipped.
    case invalid(problem: String, Origin)

    /// Where a vector came from: file, line and the upstream `source` text.
    struct Origin: Sendable {
        var file: String
        var line: Int
        var source: String
    }

    /// Keys that describe a vector without changing what is checked.
    static let metadataKeys: Set<String> = ["source", "derived", "note", "comment", "description"]

    /// The shapes: required keys, plus optional keys that take part in the check.
    private static let shapes: [(name: String, required: Set<String>, optional: Set<String>)] = [
        ("rule", ["rule", "request", "allowed"], ["binding"]),
        ("subject", ["subjects", "user", "bindingNamespace", "appliesTo"], []),
        ("covers", ["ownerRules", "servantRules", "covered"], ["uncovered"]),
    ]

    var origin: Origin {
        switch self {
        case .rule(_, let origin), .subject(_, let origin), .covers(_, let origin), .invalid(_, let origin): origin
        }
    }

    var testDescription: String { "\(origin.file):\(origin.line) \(origin.source)" }

    /// Decodes one line. Unknown or ambiguous shapes and unexpected keys (a misspelt `binding` would
    /// otherwise silently turn into a weaker check) become `.invalid`.
    static func decode(line: Data, file: String, lineNumber: Int) -> RBACVector {
        let decoder = JSONDecoder()
        var origin = Origin(file: file, line: lineNumber, source: "(no source)")
        let object: [String: JSONValue]
        do {
            object = try decoder.decode([String: JSONValue].self, from: line)
        } catch {
            return .invalid(problem: "not a JSON object: \(error)", origin)
        }
        if let source = object["source"]?.stringValue { origin.source = source }
        let keys = Set(object.keys).subtracting(metadataKeys)
        let matching = shapes.filter {
            $0.required.isSubset(of: keys) && keys.isSubset(of: $0.required.union($0.optional))
        }
        guard matching.count == 1, let shape = matching.first else {
            return .invalid(problem: "unknown vector shape with keys \(keys.sorted())", origin)
        }
        do {
            switch shape.name {
            case "rule": return .rule(try decoder.decode(RuleVector.self, from: line), origin)
            case "subject": return .subject(try decoder.decode(SubjectVector.self, from: line), origin)
            default: return .covers(try decoder.decode(CoversVector.self, from: line), origin)
            }
        } catch {
            return .invalid(problem: "\(shape.name) vector does not decode: \(error)", origin)
        }
    }
}

/// A user as the vectors spell it.
struct VectorUser: Decodable, Sendable {
    var name: String
    var groups: [String]?
}

/// A rule checked against a request, directly or through a binding to a role holding the rule.
struct RuleVector: Decodable, Sendable {
    /// The request attributes in the flat form of the upstream tests.
    struct Request: Decodable, Sendable {
        var verb: String
        var apiGroup: String?
        var resource: String?
        var subresource: String?
        var name: String?
        var namespace: String?
        var path: String?
        var resourceRequest: Bool
    }

    /// A RoleBinding or ClusterRoleBinding granting a role that holds `rule`.
    struct Binding: Decodable, Sendable {
        var kind: String
        var namespace: String?
        var roleRef: VectorRoleRef
        var subjects: [Subject]?
        var user: VectorUser
    }

    var rule: PolicyRule
    var request: Request
    var allowed: Bool
    var binding: Binding?

    /// The request as attributes of `user`.
    func attributes(user: String, groups: [String]) -> AuthorizationAttributes {
        if request.resourceRequest {
            return .resource(
                user: user, groups: groups, verb: request.verb, apiGroup: request.apiGroup ?? "",
                resource: request.resource ?? "", subresource: request.subresource ?? "", name: request.name ?? "",
                namespace: request.namespace ?? "")
        }
        return .nonResource(user: user, groups: groups, verb: request.verb, path: request.path ?? "")
    }
}

/// A roleRef whose `apiGroup` may be left out, as the vectors do.
struct VectorRoleRef: Decodable, Sendable {
    var kind: String
    var name: String
    var apiGroup: String?

    var roleRef: RoleRef {
        apiGroup.map { RoleRef(kind: kind, name: name, apiGroup: $0) } ?? RoleRef(kind: kind, name: name)
    }
}

/// Subjects checked against a user.
struct SubjectVector: Decodable, Sendable {
    var subjects: [Subject]
    var user: VectorUser
    var bindingNamespace: String
    var appliesTo: Bool
}

/// Owner rules checked for covering servant rules.
struct CoversVector: Decodable, Sendable {
    var ownerRules: [PolicyRule]
    var servantRules: [PolicyRule]
    var covered: Bool
    var uncovered: [PolicyRule]?
}
