import DrawbridgeAPI
import DrawbridgePlugin
import KubeClient
import Testing

@Suite("Failures: one line and an exit code")
struct PluginFailureTests {
    static func api(_ code: Int, _ message: String, reason: String = "Forbidden") -> APIError {
        APIError(code: code, status: APIStatus(code: code, reason: reason, message: message), operation: "PATCH /x")
    }

    @Test(
        "A webhook refusal prints the webhook's own reason; other server answers print their message",
        arguments: [
            (
                api(
                    403,
                    #"admission webhook "accessrequests.drawbridge.dev" denied the request: alice cannot approve their own AccessRequest; another approver must"#
                ),
                "alice cannot approve their own AccessRequest; another approver must", PluginExitCode.refused
            ),
            (
                api(404, #"accessrequests.drawbridge.dev "x" not found"#, reason: "NotFound"),
                #"accessrequests.drawbridge.dev "x" not found"#, .refused
            ),
            (api(503, "", reason: "ServiceUnavailable"), "503 ServiceUnavailable", .unreachable),
            (
                api(401, "Unauthorized", reason: "Unauthorized"),
                "the server rejected your credentials (401 Unauthorized): log in again or check the kubeconfig user",
                .unreachable
            ),
        ])
    func serverAnswers(_ error: APIError, _ message: String, _ exit: PluginExitCode) {
        let failure = PluginFailure.from(error)
        #expect(failure.message == message)
        #expect(failure.exitCode == exit)
    }

    @Test("Configuration, credential and connection problems mean the cluster could not be asked (exit 3)")
    func unreachable() {
        let credentials = HTTPTransportError(
            .credentials, operation: "GET https://x/api",
            message: "kubeconfig user \"eks\": exec credential plugin \"aws\" was not found on PATH")
        #expect(PluginFailure.from(credentials) == PluginFailure(credentials.message, exitCode: .unreachable))
        let refused = HTTPTransportError(.connection, operation: "GET https://x/api", message: "connection refused")
        #expect(
            PluginFailure.from(refused)
                == PluginFailure("GET https://x/api: connection refused", exitCode: .unreachable))
        let configuration = ClientConfigurationError(.contextNotFound, "context \"x\" not found in /k")
        #expect(
            PluginFailure.from(configuration) == PluginFailure("context \"x\" not found in /k", exitCode: .unreachable))
    }

    @Test("Only a webhook's framing is removed; other messages stay whole")
    func webhookReason() {
        #expect(PluginFailure.webhookReason(#"admission webhook "v" denied the request: no"#) == "no")
        #expect(PluginFailure.webhookReason(#"admission webhook "v" denied the request: "#) == nil)
        #expect(PluginFailure.webhookReason("pods is forbidden: no") == nil)
    }

    @Test("The documented exit codes")
    func codes() {
        #expect(PluginExitCode.allCases.map(\.rawValue) == [0, 1, 2, 3, 64])
    }
}
