import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Testing

/// Runs every shared RBAC vector (`$DRAWBRIDGE_RBAC_VECTORS`, default `../shared/testdata/rbac`).
@Suite("Shared RBAC vectors")
struct RBACVectorTests {
    /// Unknown shapes fail in `vectorHolds`; this guards against a directory with nothing usable.
    @Test("The vector directory holds at least one usable vector")
    func vectorDirectoryIsUsable() {
        let usable = RBACVectorLoader.all.filter { if case .invalid = $0 { false } else { true } }
        #expect(!usable.isEmpty, "no usable vectors in \(RBACVectorLoader.vectorDirectory()?.path ?? "?")")
    }

    @Test("Every shared RBAC vector gives the expected answer", arguments: RBACVectorLoader.all)
    func vectorHolds(_ vector: RBACVector) {
        let label = vector.testDescription
        switch vector {
        case .rule(let rule, _):
            check(rule, label: label)
        case .subject(let subject, _):
            let applies = subject.subjects.contains {
                $0.appliesTo(
                    user: subject.user.name, groups: subject.user.groups ?? [],
                    bindingNamespace: subject.bindingNamespace)
            }
            #expect(applies == subject.appliesTo, "\(label)")
        case .covers(let covers, _):
            let result = RBACCovers.covers(owner: covers.ownerRules, servant: covers.servantRules)
            #expect(result.covered == covers.covered, "\(label)")
            if let expected = covers.uncovered {
                // `[]` and an absent list mean the same thing in RBAC JSON; compare them as equal.
                #expect(result.uncovered.map(normalized) == expected.map(normalized), "\(label)")
            }
        case .invalid(let problem, _):
            Issue.record("\(label): \(problem)")
        }
    }

    private func check(_ vector: RuleVector, label: String) {
        guard let binding = vector.binding else {
            let attributes = vector.attributes(user: "vector-user", groups: [])
            #expect(vector.rule.allows(attributes) == vector.allowed, "\(label)")
            return
        }
        let evaluator: RBACEvaluator
        switch makeEvaluator(vector.rule, binding) {
        case .success(let built): evaluator = built
        case .failure(let problem):
            Issue.record("\(label): \(problem.message)")
            return
        }
        let attributes = vector.attributes(user: binding.user.name, groups: binding.user.groups ?? [])
        let decision = evaluator.authorize(attributes)
        #expect(decision.allowed == vector.allowed, "\(label): \(decision.reason)")
    }

    private struct Problem: Error { var message: String }

    /// The binding from the vector, granting a role (of the roleRef's kind) that holds only the rule.
    private func makeEvaluator(_ rule: PolicyRule, _ binding: RuleVector.Binding) -> Result<RBACEvaluator, Problem> {
        let roleRef = binding.roleRef.roleRef
        let namespace = binding.namespace ?? ""
        let subjects =
            binding.subjects.flatMap { $0.isEmpty ? nil : $0 } ?? [Subject(kind: .user, name: binding.user.name)]
        var roles: [Role] = []
        var clusterRoles: [ClusterRole] = []
        switch roleRef.kind {
        case Role.kind: roles = [Role(metadata: ObjectMeta(name: roleRef.name, namespace: namespace), rules: [rule])]
        case ClusterRole.kind: clusterRoles = [ClusterRole(metadata: ObjectMeta(name: roleRef.name), rules: [rule])]
        default: return .failure(Problem(message: "unknown roleRef kind \(roleRef.kind)"))
        }
        let metadata = ObjectMeta(name: "vector-binding", namespace: namespace.isEmpty ? nil : namespace)
        switch binding.kind {
        case RoleBinding.kind:
            let roleBinding = RoleBinding(metadata: metadata, subjects: subjects, roleRef: roleRef)
            return .success(RBACEvaluator(roles: roles, clusterRoles: clusterRoles, roleBindings: [roleBinding]))
        case ClusterRoleBinding.kind:
            let clusterBinding = ClusterRoleBinding(metadata: metadata, subjects: subjects, roleRef: roleRef)
            return .success(
                RBACEvaluator(roles: roles, clusterRoles: clusterRoles, clusterRoleBindings: [clusterBinding]))
        default:
            return .failure(Problem(message: "unknown binding kind \(binding.kind)"))
        }
    }

    private func normalized(_ rule: PolicyRule) -> PolicyRule {
        func list(_ values: [String]?) -> [String]? { values?.isEmpty == true ? nil : values }
        return PolicyRule(
            verbs: rule.verbs, apiGroups: list(rule.apiGroups), resources: list(rule.resources),
            resourceNames: list(rule.resourceNames), nonResourceURLs: list(rule.nonResourceURLs))
    }
}
