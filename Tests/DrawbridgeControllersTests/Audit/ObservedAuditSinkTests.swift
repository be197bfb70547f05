import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Synchronization
import Testing

/// The audit sink wrapper behind `drawbridge_audit_writes_total`.
struct ObservedAuditSinkTests {
    struct DiskFull: Error {}
    struct Failing: AuditSink {
        func write(_ record: AuditRecord) async throws { throw DiskFull() }
    }

    @Test("Each write's outcome is reported; records and errors pass through unchanged")
    func reportsOutcomes() async throws {
        let heard = Mutex<[Bool]>([])
        let memory = MemoryAuditSink()
        let sink = ObservedAuditSink(memory) { written in heard.withLock { $0.append(written) } }
        let record = JSONLinesAuditSinkTests.record(.granted, message: "granted")
        try await sink.write(record)
        #expect(memory.records.count == 1)
        let failing = ObservedAuditSink(Failing()) { written in heard.withLock { $0.append(written) } }
        await #expect(throws: DiskFull.self) { try await failing.write(record) }
        #expect(heard.withLock { $0 } == [true, false])
    }

    @Test("Metrics count written and failed records")
    func counted() async throws {
        let metrics = DrawbridgeMetrics()
        let record = JSONLinesAuditSinkTests.record(.granted, message: "granted")
        try await ObservedAuditSink(MemoryAuditSink(), observer: metrics.auditObserver).write(record)
        _ = try? await ObservedAuditSink(Failing(), observer: metrics.auditObserver).write(record)
        let scraped = PrometheusText(String(decoding: metrics.exposition(), as: UTF8.self))
        #expect(scraped.value(DrawbridgeMetrics.Name.auditWrites, ["result": "success"]) == 1)
        #expect(scraped.value(DrawbridgeMetrics.Name.auditWrites, ["result": "error"]) == 1)
    }
}
