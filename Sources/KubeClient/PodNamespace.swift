import Foundation

/// The namespace this process's pod runs in, so an operator installed into any namespace finds its
/// own Secrets, Lease and Service there without a flag naming it (controller-runtime's habit).
public enum PodNamespace {
    /// The variable a Deployment sets from `metadata.namespace` through the downward API.
    public static let environmentVariable = "POD_NAMESPACE"

    /// Where the namespace was found, for the start-up log.
    public enum Source: String, Sendable {
        case environment = "POD_NAMESPACE"
        case serviceAccount = "the ServiceAccount's namespace file"
    }

    /// `POD_NAMESPACE` when set, else, in a pod (`ClientConfiguration.isRunningInPod`), the
    /// `namespace` file kubelet mounts with the ServiceAccount token (`directory` is injectable for
    /// tests), else nil. An empty or unreadable file counts as absent.
    public static func detect(
        environment: [String: String],
        serviceAccountDirectory directory: String = ClientConfiguration.serviceAccountDirectory
    ) -> (namespace: String, source: Source)? {
        if let given = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !given.isEmpty
        {
            return (given, .environment)
        }
        guard ClientConfiguration.isRunningInPod(environment: environment) else { return nil }
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let bytes = try? ConfigurationFiles.read("\(folder)/namespace", what: "namespace file") else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : (text, .serviceAccount)
    }
}
