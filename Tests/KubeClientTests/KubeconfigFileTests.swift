import Foundation
import KubeClient
import Testing

@Suite struct KubeconfigFileTests {
    /// Two clusters, three users, three contexts; `dev` is current. The `ops` cluster's CA is a file
    /// next to the kubeconfig, named by a relative path.
    static let yaml = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example:6443
            certificate-authority-data: \(Data("dev-ca-pem".utf8).base64EncodedString())
        - name: ops-cluster
          cluster:
            server: https://ops.example
            certificate-authority: certs/ops-ca.crt
        - name: lab-cluster
          cluster:
            server: https://lab.example
            insecure-skip-tls-verify: true
        users:
        - name: alice
          user:
            token: alice-token
        - name: robot
          user:
            tokenFile: robot.token
        - name: bob
          user:
            client-certificate-data: \(Data("bob-cert".utf8).base64EncodedString())
            client-key-data: \(Data("bob-key".utf8).base64EncodedString())
        contexts:
        - name: dev
          context: {cluster: dev-cluster, user: alice, namespace: team-a}
        - name: ops
          context: {cluster: ops-cluster, user: robot}
        - name: lab
          context: {cluster: lab-cluster, user: bob}
        """

    struct Case: Sendable, CustomTestStringConvertible {
        var context: String?
        var server: String
        var namespace: String
        var authentication: String
        var tls: ClientTLS
        var testDescription: String { context.map { "--context \($0)" } ?? "current-context" }
    }

    static let cases: [Case] = [
        Case(
            context: nil, server: "https://dev.example:6443", namespace: "team-a",
            authentication: "bearer token (redacted)", tls: ClientTLS(certificateAuthorityPEM: Array("dev-ca-pem".utf8))
        ),
        Case(
            context: "ops", server: "https://ops.example", namespace: "default",
            authentication: "bearer token file FOLDER/robot.token",
            tls: ClientTLS(certificateAuthorityPEM: Array("ops-ca-pem".utf8))),
        Case(
            context: "lab", server: "https://lab.example", namespace: "default", authentication: "none",
            tls: ClientTLS(
                clientCertificatePEM: Array("bob-cert".utf8), clientKeyPEM: Array("bob-key".utf8),
                insecureSkipTLSVerify: true)),
    ]

    @Test(arguments: cases)
    func aContextResolvesToItsServerCredentialsTLSAndNamespace(_ expected: Case) throws {
        let folder = try TemporaryFolder()
        try folder.write("certs/ops-ca.crt", "ops-ca-pem")
        try folder.write("robot.token", "robot-token\n")
        let path = try folder.write("config", Self.yaml)
        let configuration = try KubeconfigFile.load(path: path).configuration(context: expected.context)
        #expect(configuration.server == expected.server)
        #expect(configuration.namespace == expected.namespace)
        #expect(
            configuration.authentication.description
                == expected.authentication.replacingOccurrences(of: "FOLDER", with: folder.path))
        #expect(configuration.tls == expected.tls)
    }

    @Test func theCurrentContextCarriesItsStaticToken() throws {
        let configuration = try KubeconfigFile(yaml: Self.yaml, path: "/k/config").configuration()
        #expect(configuration.authentication == .bearerToken("alice-token"))
        #expect(configuration.source == "kubeconfig /k/config, context dev")
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var yaml: String
        var context: String?
        var code: ClientConfigurationError.Code
        var message: String
        var testDescription: String { message }
    }

    static let failures: [Failure] = [
        Failure(
            yaml: yaml, context: "prod", code: .contextNotFound,
            message: "context \"prod\" not found in /k/config (contexts: dev, ops, lab)"),
        Failure(
            yaml: "apiVersion: v1\nkind: Config\ncontexts: []\n", context: nil, code: .noCurrentContext,
            message: "kubeconfig /k/config: no current-context and no --context given"),
        Failure(
            yaml: "", context: "x", code: .contextNotFound,
            message: "context \"x\" not found in /k/config (no contexts)"),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: gone, user: u}}]
                clusters: [{name: real, cluster: {server: "https://x"}}]
                """,
            context: nil, code: .clusterNotFound,
            message: "kubeconfig /k/config: context \"c\" names cluster \"gone\", which is not defined (clusters: real)"
        ),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: eks}}]
                clusters: [{name: k, cluster: {server: "https://x"}}]
                users: [{name: eks, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: aws}}}]
                """,
            context: nil, code: .credentialPlugin,
            message:
                "kubeconfig /k/config, context \"c\": user \"eks\": exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1"
        ),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: eks}}]
                clusters: [{name: k, cluster: {server: "https://x"}}]
                users: [{name: eks, user: {exec: {apiVersion: client.authentication.k8s.io/v1}}}]
                """,
            context: nil, code: .credentialPlugin,
            message: "kubeconfig /k/config, context \"c\": user \"eks\": exec.command is required"
        ),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: eks}}]
                clusters: [{name: k, cluster: {server: "https://x"}}]
                users: [{name: eks, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, interactiveMode: Sometimes}}}]
                """,
            context: nil, code: .credentialPlugin,
            message:
                "kubeconfig /k/config, context \"c\": user \"eks\": exec.interactiveMode \"Sometimes\" is not valid; use Never, IfAvailable or Always"
        ),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: g}}]
                clusters: [{name: k, cluster: {server: "https://x"}}]
                users: [{name: g, user: {auth-provider: {name: gcp, config: {cmd-path: gcloud}}}}]
                """,
            context: nil, code: .unsupportedAuthentication,
            message:
                "kubeconfig /k/config, context \"c\": user \"g\" uses the auth-provider \"gcp\", which Drawbridge does not support; use a token, tokenFile or client certificate"
        ),
        Failure(
            yaml: """
                current-context: c
                contexts: [{name: c, context: {cluster: k}}]
                clusters: [{name: k, cluster: {server: "https://x", certificate-authority: /nonexistent/ca.crt}}]
                """,
            context: nil, code: .unreadableFile,
            message:
                "kubeconfig /k/config, context \"c\": cannot read certificate-authority /nonexistent/ca.crt: no such file or directory"
        ),
        Failure(
            yaml: "clusters: {name: oops}\n", context: nil, code: .invalidFile,
            message: "kubeconfig /k/config: invalid kubeconfig at clusters: expected a list"),
        Failure(
            yaml: "clusters: [{name: c, cluster: {insecure-skip-tls-verify: maybe}}]\n", context: nil,
            code: .invalidFile,
            message:
                "kubeconfig /k/config: invalid kubeconfig at clusters[0].cluster.insecure-skip-tls-verify: expected true or false"
        ),
        Failure(
            yaml: "clusters: [oops\n", context: nil, code: .invalidFile,
            message:
                "kubeconfig /k/config: not valid YAML: line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 1)"
        ),
    ]

    @Test(arguments: failures)
    func aBrokenKubeconfigFailsWithOneClearLine(_ failure: Failure) throws {
        do {
            _ = try KubeconfigFile(yaml: failure.yaml, path: "/k/config").configuration(context: failure.context)
            Issue.record("expected \(failure.code)")
        } catch {
            #expect(error.code == failure.code)
            #expect(error.message == failure.message)
        }
    }

    @Test func theTokenFileIsResolvedNextToTheKubeconfigAndMustBeReadable() throws {
        let folder = try TemporaryFolder()
        try folder.write("certs/ops-ca.crt", "ops-ca-pem")
        let path = try folder.write("config", Self.yaml)
        #expect(throws: ClientConfigurationError.self) {
            try KubeconfigFile.load(path: path).configuration(context: "ops")
        }
        do {
            _ = try KubeconfigFile.load(path: path).configuration(context: "ops")
        } catch {
            #expect(
                error.message.hasSuffix("cannot read token file \(folder.path)/robot.token: no such file or directory"))
        }
    }

    @Test func aMissingKubeconfigSaysSo() {
        #expect(throws: ClientConfigurationError(.unreadableFile, "kubeconfig /nonexistent/config does not exist")) {
            try KubeconfigFile.load(path: "/nonexistent/config")
        }
    }

    @Test func theDefaultPathIsTheFirstKubeconfigEntryElseTheHomeConfig() {
        #expect(KubeconfigFile.defaultPath(environment: ["KUBECONFIG": ":/a/one:/b/two", "HOME": "/h"]) == "/a/one")
        #expect(KubeconfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.kube/config")
        #expect(KubeconfigFile.defaultPath(environment: [:]) == nil)
    }
}
