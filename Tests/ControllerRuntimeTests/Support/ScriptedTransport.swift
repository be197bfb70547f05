import Foundation
import KubeClient
import Synchronization

/// A transport that answers lists and watches from a script, for informer paths the emulator cannot
/// produce on demand: bookmarks, a stream that breaks, a watch refused with HTTP 410, ERROR events.
final class ScriptedTransport: KubeTransport {
    /// One scripted watch answer.
    enum Watch: Sendable {
        /// A 200 stream of these JSON lines, then `end`.
        case lines([String], end: End)
        /// A non-2xx answer with this body.
        case status(Int, String)
    }

    /// How a scripted watch stream ends.
    enum End: Sendable {
        case finish
        case fail
        /// Stays open until the informer is cancelled.
        case hang
    }

    struct Broken: Error {}

    private struct State {
        var lists: [String]
        var watches: [Watch]
        var requests: [KubeRequest] = []
        var open: [AsyncThrowingStream<[UInt8], any Error>.Continuation] = []
    }

    private let state: Mutex<State>

    /// `lists` answer list calls in order (the last one repeats); `watches` answer watch calls in
    /// order, then watches hang.
    init(lists: [String], watches: [Watch]) {
        state = Mutex(State(lists: lists, watches: watches))
    }

    /// Every request so far.
    var requests: [KubeRequest] { state.withLock { $0.requests } }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        let body = state.withLock { state in
            state.requests.append(request)
            return state.lists.count > 1 ? state.lists.removeFirst() : state.lists.first ?? "{}"
        }
        return KubeResponse(status: 200, body: Array(body.utf8))
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        let (chunks, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let script = state.withLock { state in
            state.requests.append(request)
            return state.watches.isEmpty ? Watch.lines([], end: .hang) : state.watches.removeFirst()
        }
        switch script {
        case .status(let code, let body):
            continuation.yield(Array(body.utf8))
            continuation.finish()
            return KubeStreamResponse(status: code, chunks: chunks)
        case .lines(let lines, let end):
            for line in lines { continuation.yield(Array((line + "\n").utf8)) }
            switch end {
            case .finish: continuation.finish()
            case .fail: continuation.finish(throwing: Broken())
            case .hang: state.withLock { $0.open.append(continuation) }
            }
            return KubeStreamResponse(status: 200, chunks: chunks)
        }
    }
}

extension KubeRequest {
    /// The value of a query parameter.
    func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }
    var isWatch: Bool { parameter("watch") == "true" }
}

/// A ConfigMapList JSON body at `resourceVersion` holding `names` (namespace demo).
func configMapList(resourceVersion: String, _ names: [String]) -> String {
    let items = names.map { #"{"metadata":{"name":"\#($0)","namespace":"demo","resourceVersion":"1"}}"# }
    return
        #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"\#(resourceVersion)"},"items":[\#(items.joined(separator: ","))]}"#
}

/// One watch event line about ConfigMap `name`.
func watchLine(_ type: String, _ name: String, resourceVersion: String) -> String {
    #"{"type":"\#(type)","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"demo","resourceVersion":"\#(resourceVersion)"}}}"#
}

/// A BOOKMARK line.
func bookmarkLine(resourceVersion: String) -> String {
    #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"\#(resourceVersion)"}}}"#
}

/// An ERROR line carrying a Status.
func errorLine(code: Int, reason: String) -> String {
    #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","code":\#(code),"reason":"\#(reason)","message":"scripted"}}"#
}
