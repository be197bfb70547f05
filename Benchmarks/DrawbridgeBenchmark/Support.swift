import DrawbridgeAPI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sizes of a run, from the command line.
struct Arguments {
    /// Grants in the revocation, start-up, steady-state and memory measures.
    var requests = 10_000
    /// Requests approved one by one for the approve→Active latency.
    var approvals = 1_000
    /// Controller workers (the controller's default is 4).
    var workers = 4
    /// Concurrent clients creating requests.
    var creators = 4

    static let usage = """
        usage: drawbridge-bench [--requests N] [--approvals M] [--workers W] [--creators C]
          --requests   grants for revocation lag, start-up, steady state and memory (default 10000)
          --approvals  requests approved one by one for approve->Active latency (default 1000)
          --workers    controller workers (default 4, the controller's default)
          --creators   concurrent clients creating requests (default 4)
        """

    static func parse(_ arguments: [String]) -> Arguments {
        var result = Arguments()
        var index = 0
        func value(_ name: String) -> Int {
            index += 1
            guard index < arguments.count, let value = Int(arguments[index]), value > 0 else {
                fail("\(name) needs a positive number")
            }
            return value
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--requests": result.requests = value("--requests")
            case "--approvals": result.approvals = value("--approvals")
            case "--workers": result.workers = value("--workers")
            case "--creators": result.creators = value("--creators")
            case "-h", "--help":
                print(usage)
                exit(0)
            default: fail("unknown argument \(arguments[index])")
            }
            index += 1
        }
        return result
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("drawbridge-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }
}

/// Nearest-rank percentile of `values` (0 when empty), as emulator-bench computes it.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))]
}

func ms(_ duration: Duration) -> Double { duration.timeInterval * 1000 }

func seconds(_ duration: Duration) -> Double { ms(duration) / 1000 }

/// `VmRSS` (or another field) of /proc/self/status, in MiB; nil where there is no /proc.
func memoryMiB(_ field: String = "VmRSS") -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        let number = line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first
        return number.flatMap { Double($0) }.map { $0 / 1024 }
    }
    return nil
}

/// Returns freed heap to the kernel, so RSS after freeing something shows the drop.
func trimHeap() {
    #if canImport(Glibc)
        // glibc's malloc_trim is not in the Glibc module map; look it up at run time.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
    #endif
}

func formatMiB(_ value: Double?) -> String {
    value.map { String(format: "%.1f MiB", $0) } ?? "n/a"
}

/// "met" or "MISSED", for a figure next to its design target.
func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }

/// Progress to standard error (the figures go to standard output), stamped with CLOCK_MONOTONIC
/// seconds so a profile taken with `perf record -k CLOCK_MONOTONIC` can be cut into phases.
func progress(_ message: String) {
    // Foundation reads CLOCK_MONOTONIC for the system uptime.
    let stamp = String(format: "%.3f", ProcessInfo.processInfo.systemUptime)
    FileHandle.standardError.write(Data("  .. [\(stamp)] \(message)\n".utf8))
}

/// Polls `probe` every `interval` of real time until it holds; throws after `timeout`.
func waitUntil(
    _ what: String, timeout: Duration, interval: Duration = .milliseconds(1), report: Duration = .seconds(15),
    status: () -> String = { "" }, _ probe: () -> Bool
) async throws {
    let start = ContinuousClock.now
    var lastReport = start
    while !probe() {
        let now = ContinuousClock.now
        if now - start > timeout { throw BenchError("timed out after \(timeout) waiting until \(what) \(status())") }
        if now - lastReport > report {
            lastReport = now
            progress("still waiting until \(what) (\(String(format: "%.0f", seconds(now - start))) s) \(status())")
        }
        try await Task.sleep(for: interval)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The real time at which `condition` first holds, polled every 100 µs from a thread of its own, so
/// the instant is right even while the controller's workers keep every pooled thread busy (with the
/// in-process transport a worker never suspends while its queue has keys).
func firstInstant(where condition: @escaping @Sendable () -> Bool) async -> ContinuousClock.Instant {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            while !condition() { usleep(100) }
            continuation.resume(returning: ContinuousClock.now)
        }
    }
}
