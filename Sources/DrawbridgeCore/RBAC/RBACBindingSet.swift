import DrawbridgeAPI

/// The bindings of one scope (all ClusterRoleBindings, or the RoleBindings of one namespace), with
/// their role rules resolved and indexed by subject so a decision only visits bindings that name
/// the user, one of the user's groups, or the user's ServiceAccount identity.
struct RBACBindingSet: Sendable {
    /// One binding with what it grants already looked up.
    struct Entry: Sendable {
        /// `RoleBinding` or `ClusterRoleBinding`, for reasons.
        var kind: String
        /// The binding's name.
        var name: String
        /// The binding's namespace; `""` for ClusterRoleBindings.
        var namespace: String
        var subjects: [Subject]
        var roleRef: RoleRef
        /// The effective rules of `roleRef`; nil when the role does not exist (grants nothing).
        var rules: [PolicyRule]?

        /// `"name"` for ClusterRoleBindings, `"namespace/name"` for RoleBindings.
        var displayName: String { namespace.isEmpty ? name : namespace + "/" + name }
    }

    /// Bindings in input order; the first allowing binding is the one a reason names.
    private(set) var entries: [Entry] = []
    /// Entry positions by user name (User subjects and resolved ServiceAccount user names).
    private var byUser: [String: [Int]] = [:]
    /// Entry positions by group name.
    private var byGroup: [String: [Int]] = [:]

    /// Adds a binding and indexes its subjects.
    mutating func append(_ entry: Entry) {
        let position = entries.count
        entries.append(entry)
        for subject in entry.subjects {
            switch subject.kind {
            case .user:
                Self.add(position, under: subject.name, to: &byUser)
            case .group:
                Self.add(position, under: subject.name, to: &byGroup)
            case .serviceAccount:
                // A subject without any namespace never matches, so it is not indexed at all.
                if let userName = subject.serviceAccountUserName(bindingNamespace: entry.namespace) {
                    Self.add(position, under: userName, to: &byUser)
                }
            }
        }
    }

    /// The bindings that apply to the user, in input order, each with the first subject that matched.
    func applicable(user: String, groups: [String]) -> [(entry: Entry, subject: Subject)] {
        var positions = byUser[user] ?? []
        for group in groups {
            positions.append(contentsOf: byGroup[group] ?? [])
        }
        guard !positions.isEmpty else { return [] }
        var result: [(entry: Entry, subject: Subject)] = []
        var previous = -1
        for position in positions.sorted() where position != previous {
            previous = position
            let entry = entries[position]
            let subject = entry.subjects.first {
                $0.appliesTo(user: user, groups: groups, bindingNamespace: entry.namespace)
            }
            if let subject { result.append((entry, subject)) }
        }
        return result
    }

    private static func add(_ position: Int, under key: String, to index: inout [String: [Int]]) {
        // A binding naming the same subject twice is indexed once.
        if index[key]?.last != position { index[key, default: []].append(position) }
    }
}
