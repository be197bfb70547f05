import ControllerRuntime
import DrawbridgeControllers
import DrawbridgeCore
import Foundation
import KubeClient
import Synchronization

/// What a controller write is for, from its method and path.
enum WriteKind: String, CaseIterable, Sendable {
    /// PUT/PATCH of `accessrequests/<name>/status`.
    case status
    /// PATCH of the AccessRequest itself (the controller only touches `metadata.finalizers`).
    case finalizer
    /// POST/PUT/PATCH/DELETE of a RoleBinding.
    case binding
    /// POST/PATCH of a core/v1 Event.
    case event
    case other

    init(path: String) {
        if path.contains("/events") {
            self = .event
        } else if path.contains("/rolebindings") {
            self = .binding
        } else if path.contains("/accessrequests/") {
            self = path.hasSuffix("/status") ? .status : .finalizer
        } else {
            self = .other
        }
    }
}

/// Counts the controller's API calls as they leave its client.
final class CallCounter: Sendable {
    struct Counts: Sendable {
        var writes: [WriteKind: Int] = [:]
        /// Writes answered with an error status (conflicts and the like); included in `writes`.
        var failedWrites = 0
        /// GETs of one object or one list page.
        var reads = 0
        var watches = 0

        var totalWrites: Int { writes.values.reduce(0, +) }
        subscript(kind: WriteKind) -> Int { writes[kind, default: 0] }

        static func - (lhs: Counts, rhs: Counts) -> Counts {
            var result = Counts()
            for kind in WriteKind.allCases { result.writes[kind] = lhs[kind] - rhs[kind] }
            result.failedWrites = lhs.failedWrites - rhs.failedWrites
            result.reads = lhs.reads - rhs.reads
            result.watches = lhs.watches - rhs.watches
            return result
        }

        /// `12 (status 4, finalizer 2, binding 2, event 4)`.
        var summary: String {
            let parts = WriteKind.allCases.filter { self[$0] != 0 || $0 != .other }.map { "\($0.rawValue) \(self[$0])" }
            let failed = failedWrites > 0 ? ", \(failedWrites) failed" : ""
            return "\(totalWrites) (\(parts.joined(separator: ", "))\(failed))"
        }
    }

    private let state = Mutex(Counts())
    /// When each successful write last returned, by `"<METHOD> <kind> <object name>"`.
    private let completions = Mutex<[String: ContinuousClock.Instant]>([:])

    var snapshot: Counts { state.withLock { $0 } }

    /// When the last successful `method` write of `kind` to the object `name` returned (the API
    /// server had committed it), e.g. `("DELETE", .binding, "drawbridge-g7")`.
    func completed(_ method: String, _ kind: WriteKind, _ name: String) -> ContinuousClock.Instant? {
        completions.withLock { $0["\(method) \(kind.rawValue) \(name)"] }
    }

    func record(_ request: KubeRequest, status: Int) {
        let now = ContinuousClock.now
        state.withLock { counts in
            switch request.method {
            case "POST", "PUT", "PATCH", "DELETE":
                let kind = WriteKind(path: request.path)
                counts.writes[kind, default: 0] += 1
                if !(200..<300).contains(status) {
                    counts.failedWrites += 1
                } else if kind != .event {
                    let name = Self.objectName(request.path, kind)
                    completions.withLock { $0["\(request.method) \(kind.rawValue) \(name)"] = now }
                }
            case "GET":
                if request.query.contains(where: { $0.name == "watch" }) {
                    counts.watches += 1
                } else {
                    counts.reads += 1
                }
            default:
                break
            }
        }
    }
}

extension CallCounter {
    /// The object a write path names (`.../rolebindings/<name>`, `.../accessrequests/<name>/status`);
    /// empty for a create (POST to the collection).
    static func objectName(_ path: String, _ kind: WriteKind) -> String {
        var parts = path.split(separator: "/")
        if kind == .status, parts.last == "status" { parts.removeLast() }
        guard let last = parts.last, !["rolebindings", "accessrequests", "events"].contains(last) else { return "" }
        return String(last)
    }
}

/// Wraps the controller's transport and counts every call it makes (Events included).
struct CountingTransport: KubeTransport {
    let inner: any KubeTransport
    let counter: CallCounter

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        let response = try await inner.send(request)
        counter.record(request, status: response.status)
        return response
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        let response = try await inner.stream(request)
        counter.record(request, status: response.status)
        return response
    }
}

/// Forwards to the harness's memory sink and notes, per action, when (real time) each request's
/// first record of that action was written: the moment the controller decided.
final class TimedAuditSink: AuditSink {
    let inner: MemoryAuditSink
    private let times = Mutex<[AuditAction: [String: ContinuousClock.Instant]]>([:])

    init(inner: MemoryAuditSink) { self.inner = inner }

    func write(_ record: AuditRecord) async throws {
        let now = ContinuousClock.now
        times.withLock { times in
            if times[record.action]?[record.request.name] == nil {
                times[record.action, default: [:]][record.request.name] = now
            }
        }
        try await inner.write(record)
    }

    /// Request name → when its first `action` record was written.
    func instants(_ action: AuditAction) -> [String: ContinuousClock.Instant] { times.withLock { $0[action] ?? [:] } }

    /// How many requests have an `action` record.
    func count(_ action: AuditAction) -> Int { times.withLock { $0[action]?.count ?? 0 } }
}

/// Hears every reconcile the controller finishes.
final class ReconcileStats: Sendable {
    struct State {
        var count = 0
        var last: ContinuousClock.Instant?
        var results: [ReconcileResult: Int] = [:]
        var durations: [Double] = []
        var recordDurations = false
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.count } }
    var last: ContinuousClock.Instant? { state.withLock { $0.last } }
    var results: [ReconcileResult: Int] { state.withLock { $0.results } }

    /// Starts keeping each reconcile's duration (ms) until `takeDurations`.
    func startRecordingDurations() {
        state.withLock {
            $0.durations = []
            $0.recordDurations = true
        }
    }

    func takeDurations() -> [Double] {
        state.withLock { state in
            defer {
                state.durations = []
                state.recordDurations = false
            }
            return state.durations
        }
    }

    var observer: ReconcileObserver {
        { [self] _, duration, result in
            let now = ContinuousClock.now
            state.withLock { state in
                state.count += 1
                state.last = now
                state.results[result, default: 0] += 1
                if state.recordDurations { state.durations.append(ms(duration)) }
            }
        }
    }
}
