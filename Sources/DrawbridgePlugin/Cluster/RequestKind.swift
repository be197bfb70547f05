import DrawbridgeAPI

/// The two kinds a request comes as on the wire. Inside the plugin, as in the controller, both are
/// `AccessRequest` values; a ClusterAccessRequest is one without a namespace
/// (`AccessRequest.isClusterWide`). This converts at the edges: reads, creates, watches and output.
protocol RequestKind: KubeResource {
    /// The request as the plugin handles it.
    var request: AccessRequest { get }
}

extension AccessRequest: RequestKind {
    var request: AccessRequest { self }
}

extension ClusterAccessRequest: RequestKind {
    var request: AccessRequest { AccessRequest(self) }
}
