import DrawbridgeControllers
import Foundation
import Synchronization

/// A loopback receiver for notification tests: it records every POST and answers as the test says
/// (200 unless told otherwise), so tests check what arrived (CloudEvent attributes, body, signature,
/// ids) and play a receiver that is down, slow to recover, or refusing.
public final class NotificationReceiverFixture: Sendable {
    /// The status to answer a POST with, given how many POSTs (this one included) arrived so far.
    public typealias Answer = @Sendable (_ notification: ReceivedNotification, _ count: Int) -> Int

    /// `http://127.0.0.1:PORT/events`.
    public let url: String
    let receiver: LoopbackReceiver
    let task: Task<Void, Never>
    private let log: Log

    /// What arrived and how to answer, shared with the receiver's handler.
    private final class Log: Sendable {
        let state: Mutex<(received: [ReceivedNotification], answer: Answer, statuses: [Int])>

        init(answer: @escaping Answer) {
            state = Mutex(([], answer, []))
        }

        func take(_ notification: ReceivedNotification) -> Int {
            state.withLock { state in
                state.received.append(notification)
                let status = state.answer(notification, state.received.count)
                state.statuses.append(status)
                return status
            }
        }
    }

    private init(url: String, receiver: LoopbackReceiver, task: Task<Void, Never>, log: Log) {
        self.url = url
        self.receiver = receiver
        self.task = task
        self.log = log
    }

    /// Starts a receiver on a free loopback port, answering with `answer`.
    public static func start(answer: @escaping Answer = { _, _ in 200 }) async throws -> NotificationReceiverFixture {
        let log = Log(answer: answer)
        let receiver = LoopbackReceiver { notification in log.take(notification) }
        let task = Task<Void, Never> { _ = try? await receiver.run() }
        guard let port = await receiver.waitUntilListening() else {
            task.cancel()
            throw HarnessTimeout(message: "the notification receiver could not listen")
        }
        return NotificationReceiverFixture(
            url: "http://127.0.0.1:\(port)/events", receiver: receiver, task: task, log: log)
    }

    /// Everything received so far, in order (duplicates included).
    public var received: [ReceivedNotification] { log.state.withLock { $0.received } }

    /// The id of each notification received and the status it was answered with, in order.
    public var answers: [(id: String?, status: Int)] {
        log.state.withLock { state in zip(state.received, state.statuses).map { ($0.id, $1) } }
    }

    /// The ids answered with a 2xx, each as often as it was: what a receiver that does not dedupe
    /// would have processed.
    public var accepted: [String] { answers.filter { (200..<300).contains($0.status) }.compactMap(\.id) }

    /// The ids received, each once, in the order first seen: what a receiver that drops duplicates keeps.
    public var uniqueIDs: [String] {
        var seen = Set<String>()
        return received.compactMap(\.id).filter { seen.insert($0).inserted }
    }

    /// Answers from now on with `answer`.
    public func answer(_ answer: @escaping Answer) {
        log.state.withLock { $0.answer = answer }
    }

    /// Stops the receiver.
    public func stop() async {
        await receiver.stop()
        await task.value
    }
}
