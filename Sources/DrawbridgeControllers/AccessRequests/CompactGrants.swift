import ControllerRuntime
import DrawbridgeAPI

/// The strings of AccessRequests and their RoleBindings that repeat from object to object, shared
/// in the informer caches (see `StringInterner`): with thousands of grants cached, one copy each of
/// a policy's name, a requester's groups or `rbac.authorization.k8s.io` instead of thousands.
enum CompactGrants {
    /// Interns a request's role, requester, approvers, policy and condition reasons and messages.
    @Sendable static func request(_ request: inout AccessRequest, _ table: inout StringInterner.Table) {
        table.intern(&request.spec.role.kind)
        table.intern(&request.spec.role.name)
        table.intern(&request.spec.duration)
        table.intern(&request.spec.reason)
        if var requester = request.spec.requester {
            table.intern(&requester.username)
            table.intern(&requester.uid)
            table.intern(&requester.groups)
            request.spec.requester = requester
        }
        guard var status = request.status else { return }
        table.intern(&status.policy)
        if var conditions = status.conditions {
            for index in conditions.indices {
                table.intern(&conditions[index].type)
                table.intern(&conditions[index].reason)
                table.intern(&conditions[index].message)
            }
            status.conditions = conditions
        }
        if var approvals = status.approvals {
            for index in approvals.indices {
                table.intern(&approvals[index].user)
                table.intern(&approvals[index].groups)
            }
            status.approvals = approvals
        }
        request.status = status
    }

    /// Interns a binding's role reference and its subjects.
    @Sendable static func binding(_ binding: inout RoleBinding, _ table: inout StringInterner.Table) {
        table.intern(&binding.roleRef.apiGroup)
        table.intern(&binding.roleRef.kind)
        table.intern(&binding.roleRef.name)
        for index in binding.subjects.indices {
            table.intern(&binding.subjects[index].name)
            table.intern(&binding.subjects[index].apiGroup)
            table.intern(&binding.subjects[index].namespace)
        }
    }
}
