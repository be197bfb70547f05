import Synchronization
extension APIServer {
    /// A server with the same options that answers exactly as this one does now: the same objects,
    /// resourceVersion, served resources (CRDs included) and RBAC, but none of the open watches nor
    /// the programmed faults. The two change independently from here on.
    ///
    /// Exists so a cluster seeded once (CRDs, namespaces, policies) can be handed out fresh many times
    /// at the cost of a copy: the emulator-request fuzz harness gives every input its own cluster this
    /// way, which seeding again each time made fifty times slower.
    public func copy() -> APIServer {
        APIServer(
            options: options, store: store.copy(), registry: registryState.withLock { $0 },
            rbac: rbacState.withLock { $0 })
    }
}
