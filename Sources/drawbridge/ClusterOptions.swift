import ArgumentParser
import KubeClient

/// How a command that talks to a cluster as its user finds it: the same kubeconfig rules as
/// kubectl and `drawbridge controller`.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Path to a kubeconfig (default: $KUBECONFIG, in-cluster config, ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use instead of current-context.")
    var context: String?

    /// Runs `body` with a client for the cluster, shutting its connections down however it ends.
    func withClient<T: Sendable>(_ body: (KubeClient) async throws -> T) async throws -> T {
        let transport: HTTPTransport
        do {
            transport = try ClientConfiguration.load(kubeconfigPath: kubeconfig, context: context).makeTransport()
        } catch {
            throw CLIError("\(error)")
        }
        do {
            let result = try await body(KubeClient(transport: transport))
            try? await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
