import DrawbridgeAPI
import Foundation
import Synchronization

/// Programmable failures for resilience tests: fail or delay chosen requests, drop watches, force 410.
///
/// Rules are matched in order; each returns the response to send instead (nil lets the request
/// through) and may sleep first. Tests install rules such as "every 3rd write answers 500".
public final class FaultInjector: Sendable {
    /// One rule: which requests, what to do.
    public struct Rule: Sendable {
        public var matches: @Sendable (APIRequest) -> Bool
        /// Only every `every`-th matching request is affected (1 = all).
        public var every: Int
        public var delay: Duration?
        /// The failure to answer with; nil only delays.
        public var failure: StatusError?

        public init(
            every: Int = 1, delay: Duration? = nil, failure: StatusError? = nil,
            matches: @escaping @Sendable (APIRequest) -> Bool
        ) {
            self.every = max(1, every)
            self.delay = delay
            self.failure = failure
            self.matches = matches
        }

        /// Matches writes (POST, PUT, PATCH, DELETE) whose path contains `pathFragment`.
        public static func writes(
            containing pathFragment: String = "", every: Int = 1, failure: StatusError
        ) -> Rule {
            Rule(every: every, failure: failure) { request in
                request.method != "GET" && (pathFragment.isEmpty || request.path.contains(pathFragment))
            }
        }
    }

    struct State {
        var rules: [(rule: Rule, seen: Int)] = []
        var injected = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds a rule.
    public func add(_ rule: Rule) { state.withLock { $0.rules.append((rule, 0)) } }

    /// Removes every rule.
    public func reset() { state.withLock { $0.rules.removeAll() } }

    /// How many requests a rule has failed or delayed so far.
    public var injectedCount: Int { state.withLock { $0.injected } }

    /// A 500 as an overloaded or broken server sends it.
    public static let serverError = StatusError.internalError("injected fault")
    /// A 429 with Retry-After, as API priority and fairness sends it.
    public static let tooManyRequests = StatusError(
        code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
        retryAfterSeconds: 1)

    func intercept(_ request: APIRequest) async throws -> APIResponse? {
        let hit: Rule? = state.withLock { state in
            for index in state.rules.indices where state.rules[index].rule.matches(request) {
                state.rules[index].seen += 1
                if state.rules[index].seen % state.rules[index].rule.every == 0 {
                    state.injected += 1
                    return state.rules[index].rule
                }
            }
            return nil
        }
        guard let hit else { return nil }
        if let delay = hit.delay { try await Task.sleep(for: delay) }
        return hit.failure?.response
    }
}

/// Sends an AdmissionReview to a webhook and returns the reply; implemented over HTTPS by the server
/// adapter, and by closures in tests.
public protocol AdmissionWebhookCaller: Sendable {
    /// POSTs `review` to the webhook described by `clientConfig` (url or service, caBundle), waiting at
    /// most `timeout`; throws when the webhook cannot be reached or answers garbage.
    func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue
}
