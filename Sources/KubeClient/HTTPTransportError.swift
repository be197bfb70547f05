import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// A call that got no HTTP answer: the connection was refused, TLS failed, the server was too slow,
/// or its answer too large. HTTP error statuses are answers and become `APIError`s instead.
///
/// The description names the call and the cause in one line, worded like client-go where it helps
/// people recognise it: `GET https://10.0.0.1:443/api/v1/pods: tls: failed to verify certificate: ...`.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that treat them differently (TLS is not worth retrying soon).
    public enum Code: String, Sendable, Hashable {
        /// No connection: refused, unreachable, reset, closed before an answer.
        case connection
        /// The TLS handshake failed: unknown CA, wrong host name, rejected client certificate.
        case tls
        /// The connect timeout or the request timeout passed.
        case timeout
        /// The body was larger than `HTTPTransport.Options.maximumResponseBytes`.
        case responseTooLarge
        /// No bearer token: the token file is missing or empty, or the exec credential plugin failed.
        case credentials
    }

    /// The kind of failure.
    public var code: Code
    /// `METHOD URL` of the call.
    public var operation: String
    /// What went wrong.
    public var message: String

    /// A failure of `operation` described by `message`.
    public init(_ code: Code, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// `METHOD URL: message`, one line.
    public var description: String { "\(operation): \(message)" }

    /// Classifies what AsyncHTTPClient, NIO or NIOSSL threw. Cancellation passes through unchanged.
    static func wrap(_ error: any Error, operation: String, host: String) -> any Error {
        if error is CancellationError || error is HTTPTransportError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled: return CancellationError()
            case .connectTimeout:
                return HTTPTransportError(.timeout, operation: operation, message: "connection to \(host) timed out")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return HTTPTransportError(.timeout, operation: operation, message: "the request timed out (\(error))")
            case .remoteConnectionClosed:
                return HTTPTransportError(
                    .connection, operation: operation, message: "the server closed the connection")
            default: break
            }
        }
        if error is NIOTooManyBytesError {
            return HTTPTransportError(
                .responseTooLarge, operation: operation, message: "the answer is larger than maximumResponseBytes")
        }
        if let error = error as? IOError {
            let reason = String(cString: strerror(error.errnoCode)).lowercased()
            return HTTPTransportError(
                .connection, operation: operation, message: "connection to \(host) failed: \(reason)")
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return HTTPTransportError(
                .tls, operation: operation,
                message: "tls: failed to verify certificate: x509: certificate signed by unknown authority or expired "
                    + "(check certificate-authority(-data) or ca.crt)")
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return HTTPTransportError(
                .tls, operation: operation,
                message: "tls: failed to verify certificate: x509: certificate is not valid for \(host) (\(error))")
        }
        if error is NIOSSLError || error is NIOSSLExtraError {
            return HTTPTransportError(.tls, operation: operation, message: "tls: handshake failed: \(text)")
        }
        if text.lowercased().contains("connection refused") {
            return HTTPTransportError(
                .connection, operation: operation, message: "connection to \(host) failed: connection refused")
        }
        return HTTPTransportError(.connection, operation: operation, message: text)
    }
}
