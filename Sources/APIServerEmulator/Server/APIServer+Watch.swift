import DrawbridgeAPI
import Foundation
import Synchronization

extension APIServer {
    /// A watch: newline-delimited `{"type":..., "object":...}` events on a chunked stream, with
    /// resourceVersion semantics, selectors, bookmarks, `timeoutSeconds`, Table encoding and 410 as an
    /// ERROR event when the requested version is too old, as kube-apiserver's watch cache answers.
    func watch(_ request: APIRequest, type: ResourceType, target: RequestTarget) throws -> APIResponse {
        let matches = try selector(request, type: type)
        let from: Int64?
        switch request.parameter("resourceVersion") {
        case nil, "", "0": from = nil
        case .some(let text):
            guard let value = Int64(text) else {
                throw StatusError.badRequest("Invalid value for resourceVersion: \(text)")
            }
            from = value
        }
        if request.parameter("sendInitialEvents") == "true", request.parameter("resourceVersionMatch") != "NotOlderThan"
        {
            throw StatusError(
                code: 422, reason: "Invalid",
                message:
                    "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan"
            )
        }
        let initialEvents = request.parameter("sendInitialEvents") == "true"
        let table = wantsTable(request)
        let includeObject = request.parameter("includeObject")
        let bookmarks = request.parameter("allowWatchBookmarks") == "true"
        let timeout = request.parameter("timeoutSeconds").flatMap(Double.init).map {
            Duration.milliseconds(Int64($0 * 1000))
        }
        let filter = WatchFilter(
            key: BuiltinResources.storageKey(for: type), namespace: target.namespace, matches: matches)
        let (output, sink) = AsyncStream<[UInt8]>.makeStream()
        let now = options.clock

        let events: AsyncStream<WatchEvent>
        let startRV: Int64
        let initialCount: Int
        do {
            (events, startRV, initialCount) = try store.watch(filter, from: initialEvents ? nil : from)
        } catch {
            let status = StatusError.gone("too old resource version: \(error.requested) (\(error.oldest + 1))")
            sink.yield(Self.line(type: "ERROR", object: status.status))
            sink.finish()
            return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: .stream(output))
        }

        let lastSent = SharedVersion(from ?? startRV)
        let pump = Task {
            var first = true
            // With sendInitialEvents, a bookmark marks the end of the synthetic ADDED events.
            var untilBookmark = initialEvents ? initialCount : -1
            let endOfInitial = Self.line(type: "BOOKMARK", object: Self.bookmark(type, rv: startRV, initialEnd: true))
            if untilBookmark == 0 { sink.yield(endOfInitial) }
            for await event in events {
                var object = self.view(event.object, as: type)
                if table {
                    object = Adapters.table(
                        type: type, objects: [object], listResourceVersion: String(event.resourceVersion),
                        continueToken: nil, includeObject: includeObject, now: now(), includeColumnDefinitions: first)
                    first = false
                }
                sink.yield(Self.line(type: event.kind.rawValue, object: object))
                untilBookmark -= 1
                if untilBookmark == 0 { sink.yield(endOfInitial) }
                lastSent.advance(to: event.resourceVersion)
            }
            sink.finish()
        }
        var tasks = [pump]
        if bookmarks {
            let interval = options.bookmarkInterval
            tasks.append(
                Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        if Task.isCancelled { break }
                        sink.yield(Self.line(type: "BOOKMARK", object: Self.bookmark(type, rv: lastSent.value)))
                    }
                })
        }
        if let timeout {
            tasks.append(
                Task {
                    try? await Task.sleep(for: timeout)
                    if bookmarks {
                        sink.yield(Self.line(type: "BOOKMARK", object: Self.bookmark(type, rv: lastSent.value)))
                    }
                    sink.finish()
                })
        }
        let running = tasks
        sink.onTermination = { _ in running.forEach { $0.cancel() } }
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: .stream(output))
    }

    /// Ends every open watch, and every watch started from now on once it has sent its initial events:
    /// what the served emulator does when it shuts down (see `ObjectStore.closeWatches`).
    public func closeWatches() {
        store.closeWatches()
    }

    static func line(type: String, object: JSONValue) -> [UInt8] {
        JSONWire.encode(["type": .string(type), "object": object]) + [UInt8(ascii: "\n")]
    }

    static func bookmark(_ type: ResourceType, rv: Int64, initialEnd: Bool = false) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(rv))]
        if initialEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        return ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion), "metadata": .object(metadata)]
    }
}

/// The highest resourceVersion a watch has sent, shared between its event pump and bookmark timer so a
/// bookmark never claims a version whose events are still queued.
final class SharedVersion: Sendable {
    private let state: Mutex<Int64>

    init(_ initial: Int64) { state = Mutex(initial) }

    var value: Int64 { state.withLock { $0 } }

    func advance(to version: Int64) { state.withLock { $0 = max($0, version) } }
}
