import Foundation

/// The "Try, in another terminal" part of `drawbridge dev`'s banner. When `kubectl-drawbridge` is on
/// PATH (so kubectl finds the plugin), it shows the plugin's daily commands; otherwise the raw
/// kubectl commands, and how to put the plugin on PATH.
enum DevTryText {
    /// Whether `kubectl-drawbridge` is an executable file in one of PATH's folders.
    static func pluginOnPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        (environment["PATH"] ?? "").split(separator: ":").contains { folder in
            FileManager.default.isExecutableFile(atPath: "\(folder)/kubectl-drawbridge")
        }
    }

    /// The lines to print, starting with "Try, in another terminal".
    static func render(kubeconfig: String, plugin: Bool) -> String {
        guard plugin else {
            return """
                Try, in another terminal:
                  export KUBECONFIG=\(kubeconfig)
                  kubectl --context alice apply -f examples/requests/alice-edit-demo.yaml
                  kubectl get accessrequests -n demo
                  kubectl --context bob patch accessrequest alice-edit-demo -n demo --subresource=status --type=merge \\
                    -p '{"status":{"review":{"decision":"Approve","comment":"ok"}}}'
                  kubectl --context alice auth can-i update deployments -n demo
                  kubectl describe accessrequest alice-edit-demo -n demo
                (Shorter with the kubectl plugin: export PATH="$(swift build --show-bin-path):$PATH", see docs/plugin.md.)
                """
        }
        return """
            Try, in another terminal (kubectl-drawbridge is on PATH):
              export KUBECONFIG=\(kubeconfig)
              kubectl drawbridge can-request --context alice
              kubectl drawbridge request edit -n demo --for 30m --reason "INC-4242: roll back" --name alice-edit-demo --context alice
              kubectl drawbridge ls --to-review -A --context bob
              kubectl drawbridge approve alice-edit-demo -n demo --comment ok --context bob
              kubectl --context alice auth can-i update deployments -n demo
              kubectl drawbridge why alice-edit-demo -n demo --context alice
              kubectl drawbridge revoke alice-edit-demo -n demo --context alice
            """
    }
}
