/// Names shared by the CRDs, the controller and the emulator, so a label or annotation key is
/// spelled in exactly one place.
public enum Drawbridge {
    /// The API group of AccessRequest and AccessPolicy.
    public static let group = "drawbridge.dev"
    public static let version = "v1alpha1"
    public static let apiVersion = "\(group)/\(version)"
    /// The release this code is (`drawbridge --version`, the HTTP client's User-Agent).
    public static let release = "0.1.0-dev"

    /// Label and annotation keys written on every grant.
    public enum Keys {
        public static let managedBy = "app.kubernetes.io/managed-by"
        public static let managedByValue = "drawbridge"
        public static let request = "drawbridge.dev/request"
        public static let expiresAt = "drawbridge.dev/expires-at"
        /// Label on a grant's binding: its expiry in Unix seconds, so every binding due at one
        /// instant can be deleted with one call per namespace.
        public static let expiryLabel = "drawbridge.dev/expiry"
        public static let requestUID = "drawbridge.dev/request-uid"
        public static let approvedBy = "drawbridge.dev/approved-by"
        /// Finalizer that lets the controller revoke a grant before its request disappears.
        public static let finalizer = "drawbridge.dev/revoke-grant"
    }
}
