import Testing

@testable import ControllerRuntime

@Suite struct ProcessMemoryTests {
    #if canImport(Glibc)
        /// Swift's Glibc module does not import malloc.h: both are looked up by name, and a failed
        /// lookup would silently turn the trim and the arena limit into nothing.
        @Test func glibcsMallocTrimAndMalloptAreFoundByName() {
            #expect(ProcessMemory.mallocTrim != nil)
            #expect(ProcessMemory.mallopt != nil)
        }
    #endif
}
