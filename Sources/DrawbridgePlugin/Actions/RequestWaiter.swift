import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

/// Follows one AccessRequest (or ClusterAccessRequest) until it is Active or over (Denied,
/// Rejected, TimedOut, Revoked, Expired), with a watch rather than polling, so `request --wait`
/// answers the moment the controller decides. A watch the server ends is reopened from a fresh read.
struct RequestWaiter: Sendable {
    let session: PluginSession
    /// Give up after this long; nil waits for as long as the request stays undecided (the policy's
    /// approval timeout ends that).
    let timeout: Duration?

    /// Whether `request` has reached a phase worth reporting.
    static func isSettled(_ request: AccessRequest) -> Bool {
        guard let phase = request.status?.phase else { return false }
        return phase == .active || phase.isTerminal
    }

    /// The request once settled; a `PluginFailure` (not granted) when it was deleted meanwhile or
    /// the timeout passed first.
    func outcome(of request: AccessRequest) async throws -> AccessRequest {
        request.isClusterWide
            ? try await follow(ClusterAccessRequest.self, request, namespace: nil)
            : try await follow(
                AccessRequest.self, request, namespace: request.metadata.namespace ?? session.namespace)
    }

    /// `outcome(of:)` on the wire kind `R`, whose objects live in `namespace` (nil: cluster-scoped).
    func follow<R: RequestKind>(_ type: R.Type, _ request: AccessRequest, namespace: String?) async throws
        -> AccessRequest
    {
        let name = request.metadata.name ?? ""
        let start = ContinuousClock.now
        var current = request
        while true {
            if Self.isSettled(current) { return current }
            var seconds = 60
            if let timeout {
                let left = timeout - (ContinuousClock.now - start)
                guard left > .zero else {
                    throw PluginFailure(
                        "gave up waiting after \(GoDuration.humanize(timeout)): \(OutputFormat.name(current)) is still \(current.status?.phase?.rawValue ?? "undecided")",
                        exitCode: .notGranted)
                }
                seconds = max(1, min(seconds, Int(left.components.seconds) + 1))
            }
            let events = try await session.client.watch(
                R.self, namespace: namespace, resourceVersion: current.metadata.resourceVersion ?? "0",
                timeoutSeconds: seconds)
            do {
                for try await event in events {
                    switch event {
                    case .added(let object), .modified(let object):
                        guard object.metadata.name == name else { continue }
                        current = object.request
                        if Self.isSettled(current) { return current }
                    case .deleted(let object) where object.metadata.name == name:
                        throw PluginFailure(
                            "\(OutputFormat.name(object)) was deleted while waiting", exitCode: .notGranted)
                    case .error:
                        break
                    default:
                        continue
                    }
                }
            } catch let error as PluginFailure {
                throw error
            } catch {
                // A broken watch is reopened below from a fresh read.
            }
            do {
                current = try await session.client.get(R.self, name: name, namespace: namespace).request
            } catch let error as APIError {
                throw error
            } catch {
                // No answer at all: typically a kept-alive connection the server closed just as it
                // was reused ("I/O on closed channel"). The next watch, or the timeout, decides; a
                // server that is really gone fails that watch.
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
