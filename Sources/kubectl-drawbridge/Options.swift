import ArgumentParser
import DrawbridgePlugin
import Foundation

/// Where and as whom: the kubectl flags every subcommand takes.
struct ClusterOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The namespace (default: the kubeconfig context's, else default).")
    var namespace: String?

    @Option(help: "The kubeconfig context to use (default: current-context).")
    var context: String?

    @Option(help: "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?
}

/// How to print: `-o` and `--no-headers`, as kubectl has them.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: table, json, yaml or name.")
    var output: OutputFormat = .table

    @Flag(help: "Print tables without their header line.")
    var noHeaders = false

    /// The style for standard output: colour only on a terminal.
    var style: OutputStyle {
        OutputStyle(
            format: output, headers: !noHeaders,
            colors: .forTerminal(
                isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment))
    }
}

extension OutputFormat: ExpressibleByArgument {}
