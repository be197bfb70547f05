#if canImport(Glibc)
    import Glibc
#endif

/// What a long-running controller asks of glibc's malloc so that its resident memory is what it
/// keeps, not what its start-up once needed. Elsewhere (macOS, musl) both calls do nothing.
///
/// A first list decodes every object of the cluster at once (pages of JSON, decoded copies, the
/// changes handed to the handlers); the caches keep a fraction of it. glibc keeps freed memory mapped
/// for reuse, in one heap ("arena") per thread that allocated concurrently, so the start-up's
/// garbage stayed resident, spread over several heaps that each kept their own free pages.
public enum ProcessMemory {
    /// Limits malloc to `count` heaps (glibc's `mallopt(M_ARENA_MAX, count)`). Call first thing in
    /// `main`, before other threads allocate: the limit is read when a second heap is first needed.
    public static func limitMallocArenas(to count: Int32) {
        #if canImport(Glibc)
            let arenaMax: Int32 = -8  // M_ARENA_MAX in malloc.h
            _ = mallopt?(arenaMax, count)
        #endif
    }

    /// Returns the free pages of every malloc heap to the system (glibc's `malloc_trim(0)`).
    public static func releaseFreedMemory() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
        // Swift's Glibc module does not import malloc.h, so both are looked up by name.
        static let mallocTrim: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")
        static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")

        static func symbol<Function>(_ name: String) -> Function? {
            guard let address = dlsym(nil, name) else { return nil }
            return unsafeBitCast(address, to: Function.self)
        }
    #endif
}
