import APIServerEmulator
import DrawbridgeAPI
import Foundation

// Measures the emulator in-process (no sockets), so the figures are the API server's own cost:
// creates per second, list latency with 10,000 objects stored, and watch fan-out to several watchers.
// Usage: swift run -c release emulator-bench [objects] [watchers]

let objects = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let watcherCount = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 8 : 8
let server = APIServer(options: .init(authenticator: .demo(tokenSuffix: "bench"), historyLimit: 50_000))
let headers = ["authorization": "Bearer admin-bench", "content-type": "application/json"]

func configMap(_ name: String, _ value: String = "v") -> [UInt8] {
    JSONWire.encode([
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": .string(name), "namespace": "default", "labels": ["app": "bench"]],
        "data": ["value": .string(value), "padding": .string(String(repeating: "x", count: 200))],
    ])
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func ms(_ duration: Duration) -> Double { duration.timeInterval * 1000 }

let clock = ContinuousClock()
print(
    "Drawbridge API server emulator benchmark: \(objects) objects, \(watcherCount) watchers, \(ProcessInfo.processInfo.activeProcessorCount) cores"
)

// 1. Creates per second, with watchers attached (each must receive every create).
var watchTasks: [Task<Int, Never>] = []
for _ in 0..<watcherCount {
    let response = await server.handle(
        APIRequest(
            method: "GET", target: "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1",
            headers: headers))
    guard case .stream(let chunks) = response.body else { fatalError("watch did not stream") }
    watchTasks.append(
        Task {
            var lines = 0
            for await chunk in chunks {
                lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                if lines >= objects { break }
            }
            return lines
        })
}
let createStart = clock.now
await withTaskGroup(of: Void.self) { group in
    let workers = 8
    for worker in 0..<workers {
        group.addTask {
            var index = worker
            while index < objects {
                let response = await server.handle(
                    APIRequest(
                        method: "POST", target: "/api/v1/namespaces/default/configmaps", headers: headers,
                        body: configMap("cm-\(index)")))
                precondition(response.status == 201, "create failed: \(response.status)")
                index += workers
            }
        }
    }
}
let createTime = clock.now - createStart
var delivered = 0
for task in watchTasks { delivered += await task.value }
let fanOutTime = clock.now - createStart
print(
    String(
        format: "creates:          %8.0f creates/s  (%d objects in %.0f ms, 8 concurrent clients)",
        Double(objects) / (ms(createTime) / 1000), objects, ms(createTime)))
print(
    String(
        format: "watch fan-out:    %8.0f events/s   (%d events to %d watchers, all delivered after %.0f ms)",
        Double(delivered) / (ms(fanOutTime) / 1000), delivered, watcherCount, ms(fanOutTime)))

// 2. List latency with every object stored.
func timeRequests(_ count: Int, _ target: String, accept: String? = nil) async -> [Double] {
    var latencies: [Double] = []
    var requestHeaders = headers
    if let accept { requestHeaders["accept"] = accept }
    for _ in 0..<count {
        let start = clock.now
        let response = await server.handle(APIRequest(method: "GET", target: target, headers: requestHeaders))
        precondition(response.status == 200)
        latencies.append(ms(clock.now - start))
    }
    return latencies
}
let fullList = await timeRequests(20, "/api/v1/namespaces/default/configmaps")
print(
    String(
        format: "list (all %d):  p50 %7.1f ms  p99 %7.1f ms", objects, percentile(fullList, 0.5),
        percentile(fullList, 0.99)))
let page = await timeRequests(50, "/api/v1/namespaces/default/configmaps?limit=500")
print(String(format: "list (limit 500): p50 %7.1f ms  p99 %7.1f ms", percentile(page, 0.5), percentile(page, 0.99)))
let table = await timeRequests(
    20, "/api/v1/namespaces/default/configmaps?limit=500", accept: "application/json;as=Table;v=v1;g=meta.k8s.io")
print(String(format: "table (limit 500): p50 %6.1f ms  p99 %7.1f ms", percentile(table, 0.5), percentile(table, 0.99)))
let selected = await timeRequests(50, "/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dcm-42")
print(
    String(
        format: "list by name:     p50 %7.2f ms  p99 %7.2f ms", percentile(selected, 0.5), percentile(selected, 0.99)))
let gets = await timeRequests(1000, "/api/v1/namespaces/default/configmaps/cm-4242")
print(String(format: "get:              p50 %7.3f ms  p99 %7.3f ms", percentile(gets, 0.5), percentile(gets, 0.99)))

// 3. Sustained patches with everything stored and the watchers still listening.
let patches = min(objects, 5_000)
let patchStart = clock.now
await withTaskGroup(of: Void.self) { group in
    for worker in 0..<8 {
        group.addTask {
            var index = worker
            while index < patches {
                var request = APIRequest(
                    method: "PATCH", target: "/api/v1/namespaces/default/configmaps/cm-\(index)", headers: headers,
                    body: JSONWire.encode(["data": ["value": "patched"]]))
                request.headers["content-type"] = "application/merge-patch+json"
                let response = await server.handle(request)
                precondition(response.status == 200)
                index += 8
            }
        }
    }
}
let patchTime = clock.now - patchStart
print(
    String(
        format: "patches:          %8.0f patches/s (%d merge patches with %d objects stored)",
        Double(patches) / (ms(patchTime) / 1000), patches, objects))
