import APIServerEmulator
import DrawbridgeAPI
import FuzzSupport

/// Requests to the emulator's handler, as the HTTP adapter hands them over: any method, target,
/// headers and body are answered, never trap. A watch is opened and closed again. Every error answer
/// in JSON is a `metav1.Status`, which is what kubectl and client libraries parse.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEmulatorRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let request = FuzzedRequest(FuzzInput(data, size).bytes)?.request else { return 0 }
    let response = blocking {
        let api = SeededEmulator.pristine.copy()
        let response = await api.handle(request)
        if case .stream(let stream) = response.body {
            let reader = Task { for await _ in stream {} }
            reader.cancel()
            await reader.value
        }
        return response
    }
    invariant((100..<600).contains(response.status), "HTTP status \(response.status)")
    let contentType = response.header("Content-Type") ?? ""
    if response.status >= 400, contentType.hasPrefix("application/json") {
        let status = try? JSONValue.parse(response.bodyBytes)
        invariant(status?["kind"]?.stringValue == "Status", "a \(response.status) answer that is not a Status")
    }
    return 0
}
