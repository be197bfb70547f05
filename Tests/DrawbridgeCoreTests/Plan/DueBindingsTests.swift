import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Mass revocation may delete many bindings in one call; it must never take one that is not due.
@Suite("Due bindings: mass revocation, never early")
struct DueBindingsTests {
    static func binding(_ request: String, namespace: String = "demo", expiry seconds: Double) -> RoleBinding {
        var binding = RoleBinding(
            metadata: ObjectMeta(name: "drawbridge-\(request)", namespace: namespace),
            subjects: [Subject(kind: .user, name: "alice")], roleRef: RoleRef(kind: "ClusterRole", name: "edit"))
        binding.metadata.labels = [
            Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue, Drawbridge.Keys.request: request,
            Drawbridge.Keys.expiryLabel: GrantBinding.expiryLabel(KubeTime(Fixtures.at(seconds))),
        ]
        return binding
    }

    static func active(_ name: String, namespace: String = "demo", expiresAt seconds: Double) -> AccessRequest {
        var request = AccessRequest.fixture(name: name, namespace: namespace, .phase(.active))
        request.status?.expiresAt = KubeTime(Fixtures.at(seconds))
        return request
    }

    @Test("Due instants go in one call per namespace; an instant also carried by a grant that is not due stays out")
    func examples() {
        let requests = [
            Self.active("a", expiresAt: 100), Self.active("b", expiresAt: 100), Self.active("c", expiresAt: 200),
            Self.active("d", expiresAt: 300),  // extended: its binding still says 100
            Self.active("e", namespace: "ops", expiresAt: 150),
        ]
        let bindings = [
            Self.binding("a", expiry: 100), Self.binding("b", expiry: 100), Self.binding("c", expiry: 200),
            Self.binding("d", expiry: 150), Self.binding("gone", expiry: 50),
            Self.binding("e", namespace: "ops", expiry: 150),
        ]
        let batches = DueBindings.batches(
            bindings: bindings, request: { key in requests.first { $0.key == key } }, now: Fixtures.at(160))
        let t = { (s: Double) in GrantBinding.expiryLabel(KubeTime(Fixtures.at(s))) }
        #expect(
            batches == [
                .init(namespace: "demo", instants: [t(50), t(100)]), .init(namespace: "ops", instants: [t(150)]),
            ])
        #expect(
            batches[0].labelSelector
                == "app.kubernetes.io/managed-by=drawbridge,drawbridge.dev/expiry in (\(t(50)),\(t(100)))")
        #expect(!batches.contains { $0.matches(bindings[3]) }, "d's label is due, d is not")
        #expect(!batches.contains { $0.matches(bindings[2]) }, "c is not due yet")
    }

    @Test("ClusterRoleBindings (no namespace) get a batch of their own, first, by the same rules")
    func clusterWide() {
        var extended = Self.active("wide-later", expiresAt: 300)
        extended.metadata.namespace = nil
        var due = Self.active("wide", expiresAt: 100)
        due.metadata.namespace = nil
        let requests = [due, extended, Self.active("a", expiresAt: 100)]
        var wide = Self.binding("wide", expiry: 100)
        wide.metadata.namespace = nil
        var later = Self.binding("wide-later", expiry: 120)  // its request was extended to 300
        later.metadata.namespace = nil
        let bindings = [wide, later, Self.binding("a", expiry: 100)]
        let batches = DueBindings.batches(
            bindings: bindings, request: { key in requests.first { $0.key == key } }, now: Fixtures.at(160))
        let t = { (s: Double) in GrantBinding.expiryLabel(KubeTime(Fixtures.at(s))) }
        #expect(batches == [.init(namespace: nil, instants: [t(100)]), .init(namespace: "demo", instants: [t(100)])])
        #expect(batches[0].matches(wide))
        #expect(!batches.contains { $0.matches(later) }, "its request ends later")
        #expect(!batches[0].matches(bindings[2]), "a namespaced binding is never in the cluster-wide batch")
    }

    @Test("Many due instants are split into calls of at most 100")
    func splitting() {
        let bindings = (0..<250).map { Self.binding("r\($0)", expiry: Double($0)) }
        let batches = DueBindings.batches(bindings: bindings, request: { _ in nil }, now: Fixtures.at(1000))
        #expect(batches.map(\.instants.count) == [100, 100, 50])
        #expect(Set(batches.flatMap(\.instants)).count == 250)
    }

    @Test("No random cluster ever has a binding deleted before its grant is due, and every safely due one goes")
    func neverEarly() {
        var deleted = 0
        for seed in UInt64(1)...2000 {
            var rng = SeededRandom(seed: seed)
            // nil: a cluster-wide grant (a ClusterAccessRequest and its ClusterRoleBinding).
            let namespaces: [String?] = ["a", "b", "c", nil]
            var requests: [AccessRequest] = []
            var bindings: [RoleBinding] = []
            for index in 0..<Int.random(in: 1...12, using: &rng) {
                let namespace = namespaces.randomElement(using: &rng) ?? "a"
                let name = "r\(index)"
                let expiry = Double(Int.random(in: 0...20, using: &rng))
                // The label usually matches the request; sometimes it lags (an extension being
                // written, a hand edit), and sometimes the request is finished or gone.
                let label = Bool.random(using: &rng) ? expiry : Double(Int.random(in: 0...20, using: &rng))
                var request: AccessRequest?
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: break  // no request: an orphan
                case 1: request = .fixture(name: name, .phase(.expired))
                case 2: request = .fixture(name: name, .phase(.pending))
                default: request = Self.active(name, expiresAt: expiry)
                }
                if var request {
                    request.metadata.namespace = namespace
                    requests.append(request)
                }
                var binding = Self.binding(name, expiry: label)
                binding.metadata.namespace = namespace
                bindings.append(binding)
            }
            let now = Fixtures.at(Double(Int.random(in: 0...20, using: &rng)))
            let find = { (key: ObjectKey) in requests.first { $0.key == key } }
            let batches = DueBindings.batches(bindings: bindings, request: find, now: now)
            func due(_ binding: RoleBinding) -> Bool {
                guard let label = GrantBinding.labelledExpiry(of: binding), label <= now else { return false }
                let key = ObjectKey(
                    namespace: binding.metadata.namespace, name: binding.metadata.labels?[Drawbridge.Keys.request] ?? ""
                )
                guard let request = find(key) else { return true }
                if request.status?.phase?.isTerminal == true { return true }
                return request.status?.phase == .active && (request.status?.expiresAt?.date ?? .distantFuture) <= now
            }
            for binding in bindings where batches.contains(where: { $0.matches(binding) }) {
                #expect(due(binding), "seed \(seed): \(binding.metadata.name ?? "") deleted early")
                deleted += 1
            }
            // Completeness: a due binding stays out only when a binding sharing its instant is not due.
            for binding in bindings where due(binding) && !batches.contains(where: { $0.matches(binding) }) {
                let shared = bindings.filter {
                    $0.metadata.namespace == binding.metadata.namespace
                        && $0.metadata.labels?[Drawbridge.Keys.expiryLabel]
                            == binding.metadata.labels?[Drawbridge.Keys.expiryLabel]
                }
                #expect(shared.contains { !due($0) }, "seed \(seed): \(binding.metadata.name ?? "") left for no reason")
            }
        }
        #expect(deleted > 2000, "the generator exercises deletions")
    }
}
