import DrawbridgeAPI

/// The `admission.k8s.io/v1` envelope the API server POSTs to a webhook and expects back.
///
/// Exists because Kubernetes tells who made a call only to admission: this is the one place the
/// controller learns the caller's identity. The server sends `request`; the webhook answers with
/// the same envelope carrying `response` only.
public struct AdmissionReview: Codable, Hashable, Sendable {
    /// The only version Drawbridge registers (`admissionReviewVersions: [v1]`).
    public static let apiVersion = "admission.k8s.io/v1"
    /// The envelope's kind.
    public static let kind = "AdmissionReview"

    /// `admission.k8s.io/v1`; the API server rejects a reply in another version.
    public var apiVersion: String
    /// `AdmissionReview`.
    public var kind: String
    /// Present in what the API server sends.
    public var request: AdmissionRequest?
    /// Present in what the webhook answers.
    public var response: AdmissionResponse?

    /// An envelope of the current version; pass `request` to build a review, `response` to answer one.
    public init(request: AdmissionRequest? = nil, response: AdmissionResponse? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.request = request
        self.response = response
    }
}
