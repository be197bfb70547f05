import Synchronization

/// Compiled match-condition programs keyed by expression text, so an expression is compiled when a
/// configuration is written and then reused by every request, not re-parsed per request. Bounded:
/// past `capacity` the oldest entries go (a later request compiles again).
final class CELProgramCache: Sendable {
    private struct State {
        var programs: [String: Result<CELProgram, CELCompileError>] = [:]
        var order: [String] = []
        var compilations = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 4096) { self.capacity = max(1, capacity) }

    /// The compiled program for `expression`, or its compile error; compiled once while cached.
    func program(_ expression: String) -> Result<CELProgram, CELCompileError> {
        if let cached = state.withLock({ $0.programs[expression] }) { return cached }
        let compiled = Result { () throws(CELCompileError) in try CELProgram.compile(expression) }
        state.withLock { state in
            state.compilations += 1
            guard state.programs[expression] == nil else { return }
            if state.order.count >= capacity {
                let excess = state.order.count - capacity + 1
                for key in state.order.prefix(excess) { state.programs[key] = nil }
                state.order.removeFirst(excess)
            }
            state.programs[expression] = compiled
            state.order.append(expression)
        }
        return compiled
    }

    /// How many times an expression was compiled (tests check that requests reuse programs).
    var compilations: Int { state.withLock { $0.compilations } }

    /// How many programs are cached now.
    var count: Int { state.withLock { $0.programs.count } }
}
