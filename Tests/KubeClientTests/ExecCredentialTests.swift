import DrawbridgeAPI
import Foundation
import KubeClient
import Testing

@Suite("Exec credentials: the plugin's output and the kubeconfig's exec block")
struct ExecCredentialTests {
    static let v1 = "client.authentication.k8s.io/v1"

    @Test(
        "A plugin's output is an ExecCredential of the asked version with a token, or one line saying what it is instead",
        arguments: [
            (
                #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}"#,
                nil as String?
            ),
            ("", "it printed nothing"),
            ("Please log in first\n{", #"its output is not JSON (it begins "Please log in first")"#),
            (#"{"kind":"Token","apiVersion":"v1"}"#, #"kind is "Token", expected "ExecCredential""#),
            (
                #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t"}}"#,
                #"apiVersion is "client.authentication.k8s.io/v1beta1", but the kubeconfig asked for "client.authentication.k8s.io/v1""#
            ),
            (#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1"}"#, "status is missing"),
            (
                #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":""}}"#,
                "status.token is missing or empty"
            ),
            (
                #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"x","clientKeyData":"y"}}"#,
                "it returned a client certificate, which Drawbridge does not support; only status.token"
            ),
            (
                #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t","expirationTimestamp":"soon"}}"#,
                #"status.expirationTimestamp "soon" is not an RFC 3339 time"#
            ),
        ])
    func parsing(_ output: String, _ problem: String?) {
        switch ExecCredential.parse(Array(output.utf8), apiVersion: Self.v1) {
        case .success(let credential):
            #expect(problem == nil)
            #expect(credential == ExecCredential(token: "t"))
        case .failure(let found):
            #expect(found.description == problem)
        }
    }

    @Test("The expiry is read as an RFC 3339 time")
    func expiry() throws {
        let output =
            #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t","expirationTimestamp":"2027-01-15T08:30:00Z"}}"#
        let credential = try ExecCredential.parse(Array(output.utf8), apiVersion: Self.v1).get()
        #expect(credential.expiration == RFC3339.parse("2027-01-15T08:30:00Z"))
    }

    @Test("The kubeconfig's exec block resolves to the plugin: command, args, env, hint, mode, cluster info on request")
    func kubeconfigExecBlock() throws {
        let yaml = """
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: eks}}]
            clusters: [{name: k, cluster: {server: "https://eks.example", certificate-authority-data: \(Data("ca".utf8).base64EncodedString())}}]
            users:
            - name: eks
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: bin/get-token
                  args: [--cluster, prod]
                  env: [{name: AWS_PROFILE, value: ops}]
                  installHint: install get-token
                  provideClusterInfo: true
                  interactiveMode: Never
            """
        let configuration = try KubeconfigFile(yaml: yaml, path: "/k/config").configuration()
        let expected = ExecCredentialPlugin(
            user: "eks", apiVersion: "client.authentication.k8s.io/v1beta1", command: "bin/get-token",
            args: ["--cluster", "prod"], environment: ["AWS_PROFILE": "ops"], installHint: "install get-token",
            interactiveMode: .never,
            cluster: .init(server: "https://eks.example", certificateAuthority: Array("ca".utf8)), directory: "/k")
        #expect(configuration.authentication == .exec(expected))
        #expect(configuration.authentication.description == "exec credential plugin bin/get-token --cluster prod")
        #expect(
            expected.execInfo(interactive: false)
                == #"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"cluster":{"certificate-authority-data":"Y2E=","server":"https://eks.example"},"interactive":false}}"#
        )
    }

    @Test("A command with a slash resolves against the kubeconfig's folder; a bare name is looked up on PATH")
    func commandLookup() throws {
        let folder = try TemporaryFolder()
        let script = try folder.write("bin/get-token", "#!/bin/sh\n")
        chmod(script, 0o755)
        let relative = ExecCredentialPlugin(
            user: "u", apiVersion: Self.v1, command: "bin/get-token", directory: folder.path)
        #expect(relative.executable(searchPath: nil) == script)
        let bare = ExecCredentialPlugin(user: "u", apiVersion: Self.v1, command: "get-token", directory: "/")
        #expect(bare.executable(searchPath: "/nonexistent:\(folder.path)/bin") == script)
        #expect(bare.executable(searchPath: "/nonexistent") == nil)
    }
}
