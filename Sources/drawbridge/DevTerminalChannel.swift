import DrawbridgeControllers
import Foundation

/// The receiver behind `drawbridge dev`'s built-in `dev-terminal` channel: a loopback HTTP server
/// in the process that prints each notification to the terminal, checking its signature with a key
/// made for this run.
final class DevTerminalChannel: Sendable {
    let url: String
    let key: [UInt8]
    private let receiver: LoopbackReceiver
    private let task: Task<Void, Never>

    private init(url: String, key: [UInt8], receiver: LoopbackReceiver, task: Task<Void, Never>) {
        self.url = url
        self.key = key
        self.receiver = receiver
        self.task = task
    }

    /// Starts the receiver on a free loopback port.
    static func start() async throws -> DevTerminalChannel {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let receiver = LoopbackReceiver { notification in
            // Written unbuffered so it shows at once even when stdout is a pipe or a file.
            FileHandle.standardOutput.write(Data((DevNotifications.describe(notification, key: key) + "\n").utf8))
            return 200
        }
        let task = Task<Void, Never> { _ = try? await receiver.run() }
        guard let port = await receiver.waitUntilListening() else {
            task.cancel()
            throw CLIError("the built-in notification channel could not listen on 127.0.0.1")
        }
        return DevTerminalChannel(url: "http://127.0.0.1:\(port)/events", key: key, receiver: receiver, task: task)
    }

    func stop() async {
        await receiver.stop()
        await task.value
    }
}
