import Foundation
import KubeClient

/// Any error the plugin meets, turned into the one line a person reads and the exit code a script
/// reads. A refusal by Drawbridge's admission webhook prints the webhook's own reason without the
/// `admission webhook "..." denied the request:` framing: that sentence is the whole answer.
public struct PluginFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, one line.
    public var message: String
    /// How the process ends.
    public var exitCode: PluginExitCode

    /// A failure with `message`, ending with `exitCode`.
    public init(_ message: String, exitCode: PluginExitCode = .refused) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The message, printed after `error: `.
    public var description: String { message }

    /// Classifies `error`: server answers are refusals (or unreachable for 5xx and 401), transport
    /// and configuration problems are unreachable; anything else is described in one line.
    public static func from(_ error: any Error) -> PluginFailure {
        switch error {
        case let failure as PluginFailure:
            return failure
        case let api as APIError:
            let exit: PluginExitCode = api.code >= 500 || api.code == 401 || api.code == 0 ? .unreachable : .refused
            return PluginFailure(reason(of: api), exitCode: exit)
        case let transport as HTTPTransportError:
            // A credential problem already names the kubeconfig user and plugin; the URL adds nothing.
            let text = transport.code == .credentials ? transport.message : transport.description
            return PluginFailure(text, exitCode: .unreachable)
        case let configuration as ClientConfigurationError:
            return PluginFailure(configuration.message, exitCode: .unreachable)
        case let decoding as DecodingFailure:
            return PluginFailure(decoding.description, exitCode: .unreachable)
        default:
            let line = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            return PluginFailure(line, exitCode: .refused)
        }
    }

    /// The server's Status message, with an admission webhook's framing removed; 401 says to log in.
    static func reason(of error: APIError) -> String {
        if error.code == 401 {
            return "the server rejected your credentials (401 Unauthorized): log in again or check the kubeconfig user"
        }
        let message = error.message.isEmpty ? "\(error.code) \(error.reason)" : error.message
        return webhookReason(message) ?? message
    }

    /// `reason` from `admission webhook "x" denied the request: reason`, nil for other messages.
    public static func webhookReason(_ message: String) -> String? {
        guard message.hasPrefix("admission webhook \""), let marker = message.range(of: "\" denied the request: ")
        else { return nil }
        let reason = message[marker.upperBound...]
        return reason.isEmpty ? nil : String(reason)
    }
}
