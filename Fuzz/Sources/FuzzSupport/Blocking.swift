import Foundation

/// Runs `operation` to completion on the concurrency pool and waits for it on the calling thread.
/// libFuzzer calls `LLVMFuzzerTestOneInput` synchronously from its own thread, and some entry points
/// (the emulator's request handler) are async.
public func blocking<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) -> Result {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<Result>()
    Task {
        box.value = await operation()
        done.signal()
    }
    done.wait()
    guard let value = box.value else { fatalError("blocking: the operation finished without a result") }
    return value
}

/// Carries the result from the task to the waiting thread; the semaphore orders the write before the read.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    var value: Value?
}
