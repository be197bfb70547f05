import Synchronization
extension WorkQueue {
    /// Makes sure one timer task sleeps until the earliest pending deadline (and no other does).
    func scheduleTimer(_ state: inout State) {
        let earliest = state.delayed.values.map(\.deadline).min()
        guard earliest != state.timerDeadline else { return }
        state.timer?.cancel()
        state.timer = nil
        state.timerDeadline = earliest
        guard let earliest else { return }
        state.timerGeneration += 1
        let generation = state.timerGeneration
        let timeline = timeline
        state.timer = Task { [weak self] in
            do {
                try await timeline.sleepUntil(earliest)
            } catch {
                return
            }
            self?.fireDueKeys(timer: generation)
        }
    }

    /// Moves every key whose deadline has come into the queue, earliest first, and re-arms the timer.
    func fireDueKeys(timer generation: Int) {
        let now = timeline.elapsed()
        let observed = observer == nil ? nil : now
        let handoffs: [Handoff] = state.withLock { state in
            guard !state.isShutDown else { return [] }
            if state.timerGeneration == generation {
                state.timer = nil
                state.timerDeadline = nil
            }
            let due = state.delayed.filter { $0.value.deadline <= now }
                .sorted { ($0.value.deadline, $0.value.sequence) < ($1.value.deadline, $1.value.sequence) }
            var handoffs: [Handoff] = []
            for (key, _) in due {
                state.delayed.removeValue(forKey: key)
                if let handoff = Self.enqueue(key, at: observed, in: &state) { handoffs.append(handoff) }
            }
            scheduleTimer(&state)
            return handoffs
        }
        for handoff in handoffs { deliver(handoff) }
    }
}
