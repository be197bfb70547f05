import Testing

@testable import APIServerEmulator

/// The bounded cache of compiled match-condition programs.
@Suite("CEL program cache")
struct CELProgramCacheTests {
    @Test("An expression is compiled once while cached, compile errors included")
    func compilesOnce() throws {
        let cache = CELProgramCache()
        for _ in 0..<3 {
            #expect(try cache.program("request.name == 'a'").get().source == "request.name == 'a'")
            #expect(throws: CELCompileError.self) { try cache.program("nope").get() }
        }
        #expect(cache.compilations == 2)
        #expect(cache.count == 2)
    }

    @Test("Past its capacity the oldest programs are dropped and compiled again when needed")
    func bounded() {
        let cache = CELProgramCache(capacity: 2)
        _ = cache.program("true")
        _ = cache.program("false")
        _ = cache.program("true || false")
        #expect(cache.count == 2)
        _ = cache.program("false")
        #expect(cache.compilations == 3, "still cached")
        _ = cache.program("true")
        #expect(cache.compilations == 4, "evicted first, compiled again")
        #expect(cache.count == 2)
    }
}
