import DrawbridgeAPI
import Foundation

/// Whether a NotificationChannel can be delivered to, from the channel and its Secret: the decision
/// behind the channel's `Ready` condition. A problem is a clear condition on the channel and holds
/// its notifications back (they stay owed); it never stops a grant.
public enum ChannelCheck {
    /// The Secret key holding the receiver's URL.
    public static let urlKey = "url"
    /// The Secret key holding a webhook's HMAC signing key.
    public static let signingKeyKey = "signingKey"
    /// Shorter HMAC keys are refused: they can be guessed.
    public static let minimumSigningKeyBytes = 16

    /// Everything needed to deliver to a channel.
    public struct Target: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// CloudEvents over HTTP; `binary`: attributes as headers.
            case webhook(binary: Bool)
            case slack
        }

        public var kind: Kind
        public var url: String
        /// The HMAC key of a webhook's signatures (empty for Slack).
        public var signingKey: [UInt8]

        public init(kind: Kind, url: String, signingKey: [UInt8] = []) {
            self.kind = kind
            self.url = url
            self.signingKey = signingKey
        }
    }

    /// Why a channel cannot be delivered to: the `Ready=False` reason and message.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public enum Reason: String, Hashable, Sendable, CaseIterable {
            case unsupportedType = "UnsupportedType"
            case unsupportedContentMode = "UnsupportedContentMode"
            case secretNotFound = "SecretNotFound"
            case secretMalformed = "SecretMalformed"
            case invalidURL = "InvalidURL"
            case insecureURL = "InsecureURL"
            /// No NotificationChannel by the name a policy routes to.
            case channelNotFound = "ChannelNotFound"
        }

        public var reason: Reason
        public var message: String

        public init(_ reason: Reason, _ message: String) {
            self.reason = reason
            self.message = message
        }

        public var description: String { message }
    }

    /// The target of `channel`, whose Secret (in `namespace`) is `secret` (nil: not found).
    public static func check(_ channel: NotificationChannel, secret: Secret?, namespace: String) -> Result<
        Target, Problem
    > {
        let spec = channel.spec
        let secretName = "\(namespace)/\(spec.secretRef.name)"
        guard NotificationChannelSpec.supportedTypes.contains(spec.type) else {
            return .failure(
                Problem(.unsupportedType, "spec.type \"\(spec.type)\" is not supported: use \"webhook\" or \"slack\""))
        }
        let mode = spec.webhook?.contentMode ?? WebhookChannelSettings.structured
        guard WebhookChannelSettings.supportedContentModes.contains(mode) else {
            return .failure(
                Problem(
                    .unsupportedContentMode,
                    "spec.webhook.contentMode \"\(mode)\" is not supported: use \"structured\" or \"binary\""))
        }
        guard let secret else {
            return .failure(Problem(.secretNotFound, "Secret \(secretName) does not exist"))
        }
        let url: String
        switch value(urlKey, in: secret, named: secretName) {
        case .failure(let problem): return .failure(problem)
        case .success(let bytes):
            url = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let problem = urlProblem(url, allowInsecure: spec.allowInsecureHTTP ?? false, secretName: secretName) {
            return .failure(problem)
        }
        guard spec.type == NotificationChannelSpec.webhook else { return .success(Target(kind: .slack, url: url)) }
        switch value(signingKeyKey, in: secret, named: secretName) {
        case .failure(let problem): return .failure(problem)
        case .success(let key):
            guard key.count >= minimumSigningKeyBytes else {
                return .failure(
                    Problem(
                        .secretMalformed,
                        "Secret \(secretName) key \(signingKeyKey) holds \(key.count) bytes; at least \(minimumSigningKeyBytes) are needed"
                    ))
            }
            return .success(
                Target(kind: .webhook(binary: mode == WebhookChannelSettings.binary), url: url, signingKey: key))
        }
    }

    /// The decoded bytes of `key` in `secret`; a Standard Webhooks `whsec_` key is base64-decoded
    /// once more, as the receivers' libraries do.
    static func value(_ key: String, in secret: Secret, named name: String) -> Result<[UInt8], Problem> {
        guard let encoded = secret.data?[key] else {
            return .failure(Problem(.secretMalformed, "Secret \(name) has no key \(key)"))
        }
        guard var bytes = Data(base64Encoded: encoded).map(Array.init), !bytes.isEmpty else {
            return .failure(Problem(.secretMalformed, "Secret \(name) key \(key) is empty or not base64"))
        }
        if key == signingKeyKey, let text = String(bytes: bytes, encoding: .utf8), text.hasPrefix("whsec_") {
            guard let decoded = Data(base64Encoded: String(text.dropFirst(6))), !decoded.isEmpty else {
                return .failure(
                    Problem(.secretMalformed, "Secret \(name) key \(key) starts with whsec_ but is not base64 after it")
                )
            }
            bytes = Array(decoded)
        }
        return .success(bytes)
    }

    /// Why `text` cannot be posted to: not an absolute http(s) URL with a host, credentials in it,
    /// or plain http to a host that is not loopback without `allowInsecure`.
    static func urlProblem(_ text: String, allowInsecure: Bool, secretName: String) -> Problem? {
        let source = "the url in Secret \(secretName)"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return Problem(.invalidURL, "\(source) is not a URL")
        }
        guard scheme == "https" || scheme == "http" else {
            return Problem(.invalidURL, "\(source) uses \(scheme):, not http: or https:")
        }
        guard let host = components.host, !host.isEmpty else {
            return Problem(.invalidURL, "\(source) has no host")
        }
        guard components.user == nil, components.password == nil else {
            return Problem(.invalidURL, "\(source) carries credentials; put them in the path or a token instead")
        }
        if scheme == "http", !allowInsecure, !isLoopback(host) {
            return Problem(
                .insecureURL,
                "\(source) is plain http to \(host), which is not loopback; use https, or set spec.allowInsecureHTTP: true"
            )
        }
        return nil
    }

    /// `localhost`, 127.0.0.0/8 or ::1.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
