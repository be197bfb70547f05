import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Synchronization

/// What one leadership term of the dispatcher holds in memory: nothing that is not also in the
/// cluster or cheap to lose. The queue of requests to derive from, the channel lanes (each with the
/// deliveries it settled whose record the cache does not show yet), and the channel status writer.
final class NotificationTerm: Sendable {
    let queue: WorkQueue
    let statusWriter: ChannelStatusWriter
    let limit: Int
    let lanes = Mutex<[String: ChannelLane]>([:])
    /// New lanes, for the term's task group to run.
    let newLanes: AsyncStream<ChannelLane>
    private let laneContinuation: AsyncStream<ChannelLane>.Continuation

    init(queue: WorkQueue, statusWriter: ChannelStatusWriter, limit: Int) {
        self.queue = queue
        self.statusWriter = statusWriter
        self.limit = limit
        (newLanes, laneContinuation) = AsyncStream.makeStream(of: ChannelLane.self)
    }

    /// The lane of `channel`, made (and handed to the task group) on first use.
    func lane(_ channel: String) -> ChannelLane {
        let (lane, isNew) = lanes.withLock { lanes -> (ChannelLane, Bool) in
            if let lane = lanes[channel] { return (lane, false) }
            let lane = ChannelLane(channel: channel, limit: limit)
            lanes[channel] = lane
            return (lane, true)
        }
        if isNew { laneContinuation.yield(lane) }
        return lane
    }

    /// The lane of `channel` if there is one.
    func existingLane(_ channel: String) -> ChannelLane? { lanes.withLock { $0[channel] } }

    /// Deliveries waiting, by channel.
    var backlog: [String: Int] { lanes.withLock { $0.mapValues(\.count) } }

    /// The request is gone: nothing about it is remembered.
    func forget(_ request: ObjectKey) {
        for lane in lanes.withLock({ Array($0.values) }) { lane.forgetSettled(of: request) }
    }

    /// The term is over.
    func end() {
        laneContinuation.finish()
        queue.shutdown()
    }
}
