import DrawbridgeAPI
import Foundation
import NIOSSL

/// A webhook's `clientConfig.service`: the in-cluster Service kube-apiserver would dial.
public struct WebhookServiceReference: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    /// Defaults to 443, as in admissionregistration.k8s.io/v1.
    public var port: Int
    /// The URL path, e.g. `/mutate`; defaults to `/`.
    public var path: String

    public init(namespace: String, name: String, port: Int = 443, path: String = "/") {
        self.namespace = namespace
        self.name = name
        self.port = port
        self.path = path.isEmpty ? "/" : path
    }

    public var description: String { "\(namespace)/\(name):\(port)\(path)" }
}

/// Turns a Service reference into the URL to call. The emulator has no cluster network, so tests and
/// `drawbridge emulator --webhook-service` map Services to local addresses explicitly.
public typealias WebhookServiceResolver = @Sendable (WebhookServiceReference) throws -> URL

/// Where and how to reach one webhook: the https URL and the TLS trust derived from `caBundle`.
struct WebhookEndpoint: Sendable {
    var url: URL
    var tls: TLSConfiguration

    /// Reads `clientConfig` as kube-apiserver does: exactly one of `url` or `service`, https only, and
    /// `caBundle` (base64 PEM) as the only trusted roots when present, system roots otherwise.
    static func resolve(_ clientConfig: JSONValue, resolver: WebhookServiceResolver) throws -> WebhookEndpoint {
        let url: URL
        if let text = clientConfig["url"]?.stringValue {
            guard let parsed = URL(string: text), parsed.host != nil else {
                throw WebhookCallError.configuration("clientConfig.url \"\(text)\" is not a valid URL")
            }
            url = parsed
        } else if let service = clientConfig["service"], service.objectValue != nil {
            guard let namespace = service["namespace"]?.stringValue, let name = service["name"]?.stringValue else {
                throw WebhookCallError.configuration("clientConfig.service needs a namespace and a name")
            }
            let reference = WebhookServiceReference(
                namespace: namespace, name: name, port: Int(service["port"]?.intValue ?? 443),
                path: service["path"]?.stringValue ?? "/")
            url = try resolver(reference)
        } else {
            throw WebhookCallError.configuration("clientConfig needs a url or a service")
        }
        guard url.scheme?.lowercased() == "https" else {
            throw WebhookCallError.configuration("webhook URL \"\(url.absoluteString)\" must use the https scheme")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let bundle = clientConfig["caBundle"]?.stringValue, !bundle.isEmpty {
            tls.trustRoots = .certificates(try certificates(fromBase64PEM: bundle))
        }
        return WebhookEndpoint(url: url, tls: tls)
    }

    /// The certificates of a base64-encoded PEM bundle (one or more `CERTIFICATE` blocks).
    static func certificates(fromBase64PEM bundle: String) throws -> [NIOSSLCertificate] {
        guard let data = Data(base64Encoded: bundle, options: .ignoreUnknownCharacters) else {
            throw WebhookCallError.configuration("clientConfig.caBundle is not valid base64")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw WebhookCallError.configuration("clientConfig.caBundle holds no valid PEM certificate: \(error)")
        }
        guard !certificates.isEmpty else {
            throw WebhookCallError.configuration("clientConfig.caBundle holds no PEM certificate")
        }
        return certificates
    }

    /// The default resolver: the emulator cannot reach in-cluster Services, and says so.
    static let unreachableServices: WebhookServiceResolver = { reference in
        throw WebhookCallError.configuration(
            "service \(reference) cannot be reached: the emulator has no cluster network; use clientConfig.url or map the service to a local address (drawbridge emulator --webhook-service)"
        )
    }
}

/// Why a webhook call failed; the emulator reports it as `failed calling webhook "<name>": <description>`,
/// worded like kube-apiserver's `ErrCallingWebhook`.
public enum WebhookCallError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The webhook configuration cannot be used (bad URL, http scheme, unreachable Service, bad caBundle).
    case configuration(String)
    /// The HTTP call failed: connection, TLS, timeout or a non-200 status.
    case call(url: String, reason: String)
    /// The webhook answered, but not with a usable AdmissionReview.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .configuration(let reason): return "failed to call webhook: \(reason)"
        case .call(let url, let reason): return "failed to call webhook: Post \"\(url)\": \(reason)"
        case .invalidResponse(let reason): return "received invalid webhook response: \(reason)"
        }
    }
}
