import Foundation
import Yams

/// A kubeconfig file as kubectl reads it: clusters, users, contexts and the current context.
/// `configuration(context:)` picks one context and resolves it into a `ClientConfiguration`.
///
/// Named `KubeconfigFile` so it does not clash with EmulatorServer's `Kubeconfig`, which writes them.
public struct KubeconfigFile: Sendable, Hashable {
    /// Where the file was read from; relative paths inside it resolve against its folder.
    public var path: String
    /// `current-context`, used when no context is given explicitly.
    public var currentContext: String?
    /// `clusters`, in file order.
    public var clusters: [Named<Cluster>]
    /// `users`, in file order.
    public var users: [Named<User>]
    /// `contexts`, in file order (error messages list them in this order).
    public var contexts: [Named<Context>]

    /// Parses kubeconfig YAML (or JSON) that was read from `path`. An empty text is an empty config.
    public init(yaml: String, path: String) throws(ClientConfigurationError) {
        let document: Document
        if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            document = Document()
        } else {
            do {
                document = try YAMLDecoder().decode(Document.self, from: yaml)
            } catch {
                throw ClientConfigurationError(.invalidFile, "kubeconfig \(path): \(Self.describe(error))")
            }
        }
        self.path = path
        self.currentContext = document.currentContext.flatMap { $0.isEmpty ? nil : $0 }
        self.clusters = (document.clusters ?? []).map { Named(name: $0.name, value: $0.cluster ?? Cluster()) }
        self.users = (document.users ?? []).map { Named(name: $0.name, value: $0.user ?? User()) }
        self.contexts = (document.contexts ?? []).map { Named(name: $0.name, value: $0.context ?? Context()) }
    }

    /// Reads and parses the kubeconfig at `path`.
    public static func load(path: String) throws(ClientConfigurationError) -> KubeconfigFile {
        guard ConfigurationFiles.exists(path) else {
            throw ClientConfigurationError(.unreadableFile, "kubeconfig \(path) does not exist")
        }
        let bytes = try ConfigurationFiles.read(path, what: "kubeconfig")
        return try KubeconfigFile(yaml: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// The kubeconfig kubectl would use without `--kubeconfig`: the first file of `$KUBECONFIG`,
    /// else `~/.kube/config`. Nil when neither a `KUBECONFIG` nor a home folder is known.
    /// - Note: kubectl merges every file of `$KUBECONFIG`; Drawbridge reads only the first.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let list = environment["KUBECONFIG"],
            let first = list.split(separator: ":").map(String.init).first(where: { !$0.isEmpty })
        {
            return first
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".kube/config").path
    }

    /// A decoding error as one line: where in the file and what was expected, or Yams' syntax error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let context):
            return "invalid kubeconfig at \(location(context)): expected \(expectation(type))"
        case DecodingError.valueNotFound(let type, let context):
            return "invalid kubeconfig at \(location(context)): expected \(expectation(type))"
        case DecodingError.keyNotFound(let key, let context):
            return "invalid kubeconfig at \(location(context)): \(key.stringValue) is missing"
        case DecodingError.dataCorrupted(let context):
            if let underlying = context.underlyingError { return syntax(underlying) }
            return "invalid kubeconfig at \(location(context)): \(context.debugDescription)"
        default:
            return syntax(error)
        }
    }

    /// Yams' syntax error as `line 2, column 1: did not find expected ',' or ']' (while parsing a flow
    /// sequence at line 1)`, without the multi-line snippet Yams appends.
    static func syntax(_ error: any Error) -> String {
        if let error = error as? YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
                return "not valid YAML: line \(mark.line), column \(mark.column): \(problem)\(during)"
            default: break
            }
        }
        let firstLine = String(describing: error).split(separator: "\n").first.map(String.init) ?? ""
        return "not valid YAML: \(firstLine)"
    }

    /// `clusters[0].cluster.server`, or `top level`.
    static func location(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let trimmed = path.hasPrefix(".") ? String(path.dropFirst()) : path
        return trimmed.isEmpty ? "top level" : trimmed
    }

    /// What a kubeconfig author would call the expected type.
    static func expectation(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name == "Sequence" || name.hasPrefix("Array<") { return "a list" }
        if name == "Scalar" { return "a single value" }
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        return "a mapping"
    }
}
