import FuzzSupport
import KubeClient

/// Kubeconfig files (`--kubeconfig`, `$KUBECONFIG`), YAML and all: any text parses or is refused with
/// a one-line `ClientConfigurationError`, and every context in a parsed file resolves or is refused
/// the same way. Relative file names resolve into a folder that does not exist, so a fuzzed file
/// reads nothing from this machine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKubeconfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let file = try? KubeconfigFile(yaml: FuzzInput(data, size).text, path: "/nonexistent-fuzz/kubeconfig")
    else { return 0 }
    _ = try? file.configuration()
    for context in file.contexts {
        _ = try? file.configuration(context: context.name)
    }
    return 0
}
