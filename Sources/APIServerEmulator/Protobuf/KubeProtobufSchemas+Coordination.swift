/// coordination.k8s.io/v1 Lease, which typed-client leader election creates and updates.
extension KubeProtobufSchemas {
    /// coordination/v1 Lease. Every LeaseSpec field is a Go pointer, so present zeros are kept:
    /// a released lease carries `holderIdentity: ""` and a first acquisition `leaseTransitions: 0`.
    static let lease = ProtobufMessageSchema(
        "Lease",
        [
            1: .message("metadata", objectMeta),
            2: .message(
                "spec",
                ProtobufMessageSchema(
                    "LeaseSpec",
                    [
                        1: .string("holderIdentity", keepsZero: true),
                        2: .int32("leaseDurationSeconds", keepsZero: true),
                        3: .microTime("acquireTime"),
                        4: .microTime("renewTime"),
                        5: .int32("leaseTransitions", keepsZero: true),
                        6: .string("strategy", keepsZero: true),
                        7: .string("preferredHolder", keepsZero: true),
                    ])),
        ])
}
