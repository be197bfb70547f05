import Foundation

extension ClientConfiguration {
    /// Finds the configuration the way controller-runtime's `GetConfig` does:
    ///
    /// 1. `kubeconfigPath` when given (`--kubeconfig`), else the first file of `$KUBECONFIG`;
    /// 2. else, when running in a pod and no `context` was asked for, the pod's ServiceAccount;
    /// 3. else `~/.kube/config`.
    ///
    /// `context` (`--context`) picks a kubeconfig context instead of `current-context`. The
    /// environment and ServiceAccount folder are injectable for tests.
    public static func load(
        kubeconfigPath: String?, context: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = ClientConfiguration.serviceAccountDirectory
    ) throws(ClientConfigurationError) -> ClientConfiguration {
        if let kubeconfigPath, !kubeconfigPath.isEmpty {
            return try KubeconfigFile.load(path: kubeconfigPath).configuration(context: context)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty,
            let path = KubeconfigFile.defaultPath(environment: environment)
        {
            return try KubeconfigFile.load(path: path).configuration(context: context)
        }
        // A pod has no contexts: asking for one means a kubeconfig is wanted.
        var inClusterFailure: ClientConfigurationError?
        if context == nil || context == "", isRunningInPod(environment: environment) {
            do {
                return try inCluster(environment: environment, directory: serviceAccountDirectory)
            } catch {
                inClusterFailure = error
            }
        }
        guard let home = KubeconfigFile.defaultPath(environment: environment) else {
            throw noConfiguration(inClusterFailure, home: nil)
        }
        guard ConfigurationFiles.exists(home) else { throw noConfiguration(inClusterFailure, home: home) }
        return try KubeconfigFile.load(path: home).configuration(context: context)
    }

    /// The error when no source exists, saying what was tried.
    static func noConfiguration(_ inCluster: ClientConfigurationError?, home: String?) -> ClientConfigurationError {
        let kubeconfig = home.map { "\($0) does not exist" } ?? "no home folder to find ~/.kube/config in"
        let pod = inCluster.map { "\($0.message); " } ?? "not running in a pod; "
        return ClientConfigurationError(
            .noConfiguration,
            "no Kubernetes configuration found: \(pod)\(kubeconfig); pass --kubeconfig or set KUBECONFIG")
    }
}
