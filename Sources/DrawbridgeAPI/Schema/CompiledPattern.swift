import Synchronization

/// A regular expression compiled once and shared: schema `pattern`s are checked on every write and a
/// policy's `reasonPattern` on every request, while the texts themselves change rarely.
///
/// `Regex` is not `Sendable` because a regex built from code may capture closures; one compiled from
/// text holds none and is immutable (its lazily lowered program is published atomically), so it is
/// safe to share across tasks.
public struct CompiledPattern: @unchecked Sendable {
    /// The pattern's text, as written.
    public let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; throws the compiler's error for a pattern that is not a regular expression.
    public init(_ source: String) throws {
        self.source = source
        self.regex = try Regex(source)
    }

    /// True when the pattern matches somewhere in `text` (unanchored, as OpenAPI and Go's regexp do).
    public func matches(in text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    /// The compiled `source`, or why it does not compile, from a process-wide cache. The cache is
    /// bounded: past `cacheLimit` distinct texts it starts again, so schemas written by users cannot
    /// grow it without end.
    public static func cached(_ source: String) -> Result<CompiledPattern, PatternProblem> {
        if let known = cache.withLock({ $0[source] }) { return known }
        let result: Result<CompiledPattern, PatternProblem>
        do {
            result = .success(try CompiledPattern(source))
        } catch {
            result = .failure(PatternProblem(text: "\(error)"))
        }
        cache.withLock {
            if $0.count >= cacheLimit { $0.removeAll(keepingCapacity: true) }
            $0[source] = result
        }
        return result
    }

    /// How many distinct pattern texts the cache holds at most.
    public static let cacheLimit = 1_024
    private static let cache = Mutex<[String: Result<CompiledPattern, PatternProblem>]>([:])
}

/// Why a pattern could not be compiled: the regex compiler's message.
public struct PatternProblem: Error, Sendable, Equatable {
    public var text: String
}
