import DrawbridgeAPI
import Foundation

/// What an exec credential plugin printed: a bearer token and, optionally, when it stops working.
///
/// Parsed strictly, as client-go does: a plugin that prints anything else (a login banner, an error
/// page, a credential of another version) is refused with one line saying what was wrong, rather
/// than sending a half-read token that the server answers with an opaque 401.
public struct ExecCredential: Sendable, Hashable {
    /// The bearer token (`status.token`).
    public var token: String
    /// `status.expirationTimestamp`; nil means the token is used until the server rejects it.
    public var expiration: Date?

    /// A credential with `token`, valid until `expiration` when given.
    public init(token: String, expiration: Date? = nil) {
        self.token = token
        self.expiration = expiration
    }

    /// Reads the plugin's standard output, which must be an ExecCredential of `apiVersion` with a
    /// token in its status. The error message is the part after "printed no valid ExecCredential: ".
    public static func parse(_ output: [UInt8], apiVersion: String) -> Result<ExecCredential, ExecCredentialProblem> {
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(ExecCredentialProblem("it printed nothing")) }
        guard let json = try? JSONValue.parse(Array(text.utf8)), json.objectValue != nil else {
            let first = text.split(separator: "\n").first.map(String.init) ?? text
            return .failure(ExecCredentialProblem("its output is not JSON (it begins \"\(first.prefix(40))\")"))
        }
        let kind = json["kind"]?.stringValue ?? ""
        guard kind == "ExecCredential" else {
            return .failure(ExecCredentialProblem("kind is \"\(kind)\", expected \"ExecCredential\""))
        }
        let version = json["apiVersion"]?.stringValue ?? ""
        guard version == apiVersion else {
            return .failure(
                ExecCredentialProblem("apiVersion is \"\(version)\", but the kubeconfig asked for \"\(apiVersion)\""))
        }
        guard let status = json["status"], status.objectValue != nil else {
            return .failure(ExecCredentialProblem("status is missing"))
        }
        guard let token = status["token"]?.stringValue, !token.isEmpty else {
            if status["clientCertificateData"] != nil {
                return .failure(
                    ExecCredentialProblem(
                        "it returned a client certificate, which Drawbridge does not support; only status.token"))
            }
            return .failure(ExecCredentialProblem("status.token is missing or empty"))
        }
        var expiration: Date?
        if let stamp = status["expirationTimestamp"], stamp != .null {
            guard let text = stamp.stringValue, let date = RFC3339.parse(text) else {
                let shown = stamp.stringValue.map { "\"\($0)\"" } ?? "\(stamp)"
                return .failure(ExecCredentialProblem("status.expirationTimestamp \(shown) is not an RFC 3339 time"))
            }
            expiration = date
        }
        return .success(ExecCredential(token: token, expiration: expiration))
    }
}

/// Why a plugin's output is not a usable ExecCredential, in words for the person who runs it.
public struct ExecCredentialProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the output.
    public var description: String

    /// A problem described by `description`.
    public init(_ description: String) {
        self.description = description
    }
}
