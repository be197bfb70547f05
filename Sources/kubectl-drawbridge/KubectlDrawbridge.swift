import ArgumentParser
import DrawbridgeAPI

/// `kubectl drawbridge`: the daily path of Drawbridge from the terminal. kubectl runs this binary
/// (`kubectl-drawbridge` on PATH) for `kubectl drawbridge ...`; it talks to the cluster as the
/// kubeconfig's user, so the admission webhook stamps who they really are.
@main
struct KubectlDrawbridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl drawbridge",
        abstract: "Ask for, review and explain time-bound Drawbridge access.",
        discussion: """
            Put kubectl's flags after the subcommand (kubectl refuses them before a plugin's \
            name): kubectl drawbridge ls -A --context bob.

            Exit codes: 0 done; 1 refused (webhook or RBAC said no, not found, or can-request ROLE \
            found nothing); 2 request --wait ended without access; 3 the cluster could not be asked \
            (kubeconfig, credentials, connection); 64 wrong usage.
            """,
        version: Drawbridge.release,
        subcommands: [
            RequestCommand.self, ApproveCommand.self, DenyCommand.self, RevokeCommand.self, ExtendCommand.self,
            RatifyCommand.self, RejectCommand.self, ListCommand.self, WhyCommand.self, CanRequestCommand.self,
            WhoAmICommand.self,
        ])
}
