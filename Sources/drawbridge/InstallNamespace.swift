import Foundation
import KubeClient

/// The namespace `drawbridge controller` is installed in: the pod's own (`POD_NAMESPACE`, set by the
/// Deployment, else the ServiceAccount's namespace file), else `drawbridge-system`. The signing-key
/// Secret, the Lease, the webhook Service and the controller's own username default to it, so
/// installing into another namespace needs no flag edits.
struct InstallNamespace {
    /// Outside a pod (a laptop, `drawbridge dev`): where `config/default` installs.
    static let fallback = "drawbridge-system"

    let name: String
    /// How it was found, for the start-up log.
    let source: String

    static func detect(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = ClientConfiguration.serviceAccountDirectory
    ) -> InstallNamespace {
        guard
            let found = PodNamespace.detect(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        else { return InstallNamespace(name: fallback, source: "the default; not running in a pod") }
        return InstallNamespace(name: found.namespace, source: found.source.rawValue)
    }

    /// The username of the `drawbridge-controller` ServiceAccount in this namespace.
    var controllerUsername: String { "system:serviceaccount:\(name):drawbridge-controller" }
}
