import Foundation
import KubeClient
import Testing

@Suite struct ClientConfigurationLoadTests {
    static let pod = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    /// A ServiceAccount folder as kubelet mounts it.
    static func serviceAccount(in folder: TemporaryFolder, namespace: String? = "drawbridge-system") throws -> String {
        try folder.write("sa/token", "sa-token\n")
        try folder.write("sa/ca.crt", "cluster-ca-pem")
        if let namespace { try folder.write("sa/namespace", namespace) }
        return "\(folder.path)/sa"
    }

    static func kubeconfig(server: String) -> String {
        """
        current-context: main
        contexts: [{name: main, context: {cluster: c, user: u}}, {name: other, context: {cluster: c, user: u, namespace: o}}]
        clusters: [{name: c, cluster: {server: "\(server)"}}]
        users: [{name: u, user: {token: t}}]
        """
    }

    @Test func inAPodTheServiceAccountTokenCAAndNamespaceAreUsed() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.serviceAccount(in: folder)
        let configuration = try ClientConfiguration.inCluster(environment: Self.pod, directory: directory)
        #expect(configuration.server == "https://10.96.0.1:443")
        #expect(configuration.authentication == .bearerTokenFile(path: "\(directory)/token"))
        #expect(configuration.tls == ClientTLS(certificateAuthorityPEM: Array("cluster-ca-pem".utf8)))
        #expect(configuration.namespace == "drawbridge-system")
    }

    @Test func anIPv6ServiceAddressIsBracketedAndAMissingNamespaceFileMeansDefault() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.serviceAccount(in: folder, namespace: nil)
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"]
        let configuration = try ClientConfiguration.inCluster(environment: environment, directory: directory)
        #expect(configuration.server == "https://[fd00::1]:6443")
        #expect(configuration.namespace == "default")
    }

    @Test func inClusterWithoutATokenFileSaysWhichFileIsMissing() throws {
        let folder = try TemporaryFolder()
        #expect(
            throws: ClientConfigurationError(
                .notInCluster,
                "in-cluster configuration: cannot read token file \(folder.path)/token: no such file or directory")
        ) {
            try ClientConfiguration.inCluster(environment: Self.pod, directory: folder.path)
        }
        #expect(throws: ClientConfigurationError.self) {
            try ClientConfiguration.inCluster(environment: [:], directory: folder.path)
        }
    }

    @Test func anExplicitKubeconfigWinsOverThePodAndHonoursTheContextOverride() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.serviceAccount(in: folder)
        let path = try folder.write("explicit", Self.kubeconfig(server: "https://explicit"))
        let configuration = try ClientConfiguration.load(
            kubeconfigPath: path, context: "other", environment: Self.pod, serviceAccountDirectory: directory)
        #expect(configuration.server == "https://explicit")
        #expect(configuration.namespace == "o")
    }

    @Test func kubeconfigInTheEnvironmentWinsOverThePod() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.serviceAccount(in: folder)
        let path = try folder.write("env", Self.kubeconfig(server: "https://from-env"))
        var environment = Self.pod
        environment["KUBECONFIG"] = path
        let configuration = try ClientConfiguration.load(
            kubeconfigPath: nil, context: nil, environment: environment, serviceAccountDirectory: directory)
        #expect(configuration.server == "https://from-env")
    }

    @Test func inAPodWithoutFlagsTheServiceAccountWinsOverTheHomeKubeconfig() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.serviceAccount(in: folder)
        try folder.write("home/.kube/config", Self.kubeconfig(server: "https://home"))
        var environment = Self.pod
        environment["HOME"] = "\(folder.path)/home"
        let configuration = try ClientConfiguration.load(
            kubeconfigPath: nil, context: nil, environment: environment, serviceAccountDirectory: directory)
        #expect(configuration.server == "https://10.96.0.1:443")
    }

    @Test func outsideAPodTheHomeKubeconfigIsUsed() throws {
        let folder = try TemporaryFolder()
        try folder.write("home/.kube/config", Self.kubeconfig(server: "https://home"))
        let configuration = try ClientConfiguration.load(
            kubeconfigPath: nil, context: nil, environment: ["HOME": "\(folder.path)/home"],
            serviceAccountDirectory: "\(folder.path)/none")
        #expect(configuration.server == "https://home")
        #expect(configuration.source == "kubeconfig \(folder.path)/home/.kube/config, context main")
    }

    @Test func withNothingToLoadTheErrorSaysWhatWasTried() throws {
        let folder = try TemporaryFolder()
        #expect(
            throws: ClientConfigurationError(
                .noConfiguration,
                "no Kubernetes configuration found: not running in a pod; \(folder.path)/.kube/config does not exist; pass --kubeconfig or set KUBECONFIG"
            )
        ) {
            try ClientConfiguration.load(
                kubeconfigPath: nil, context: nil, environment: ["HOME": folder.path],
                serviceAccountDirectory: folder.path)
        }
    }
}
