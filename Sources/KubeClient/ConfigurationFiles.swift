import Foundation

/// Reading the small files a client configuration points at (kubeconfig, CA, client certificate and
/// key, token), with one error wording for all: `cannot read <what> <path>: no such file or directory`.
enum ConfigurationFiles {
    /// The bytes of `path`; `what` names the file in the error ("certificate-authority").
    static func read(_ path: String, what: String) throws(ClientConfigurationError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ClientConfigurationError(.unreadableFile, "cannot read \(what) \(path): \(reason(error))")
        }
    }

    /// Whether a regular file (or a symlink to one) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `path` made absolute against `folder` when relative, as kubectl resolves kubeconfig paths
    /// against the kubeconfig's own folder rather than the working directory.
    static func resolve(_ path: String, relativeTo folder: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(path).standardizedFileURL.path
    }

    /// The short reason of a file error ("no such file or directory"), without Foundation's framing.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file or directory"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
