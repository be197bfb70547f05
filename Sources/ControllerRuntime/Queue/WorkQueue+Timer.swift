import DrawbridgeAPI
import HeapModule
import Synchronization

extension WorkQueue {
    /// Makes sure one timer task sleeps until the earliest pending deadline (and no other does).
    func scheduleTimer(_ state: inout State) {
        Self.dropSuperseded(&state)
        let earliest = state.deadlines.min?.deadline
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
        let observed = observer.isTiming ? now : nil
        let (handoffs, added): ([Handoff], [ObjectKey]) = state.withLock { state in
            guard !state.isShutDown else { return ([], []) }
            if state.timerGeneration == generation {
                state.timer = nil
                state.timerDeadline = nil
            }
            var handoffs: [Handoff] = []
            var added: [ObjectKey] = []
            while let first = state.deadlines.min, first.deadline <= now {
                state.deadlines.removeMin()
                guard state.delayed[first.key]?.sequence == first.sequence else { continue }  // superseded
                state.delayed.removeValue(forKey: first.key)
                let (handoff, isNew) = Self.enqueue(first.key, at: observed, in: &state)
                if isNew { added.append(first.key) }
                if let handoff { handoffs.append(handoff) }
            }
            state.shedStorage()
            scheduleTimer(&state)
            return (handoffs, added)
        }
        if let hook = observer.added { for key in added { hook(key) } }
        for handoff in handoffs { deliver(handoff) }
    }

    /// Pops superseded entries off the top of the heap, so its minimum is a live deadline.
    static func dropSuperseded(_ state: inout State) {
        while let first = state.deadlines.min, state.delayed[first.key]?.sequence != first.sequence {
            state.deadlines.removeMin()
        }
    }

    /// Rebuilds the heap from the live entries once superseded ones outnumber them, so keys whose
    /// deadlines keep moving earlier cannot make it grow without bound.
    static func compactDeadlines(_ state: inout State) {
        guard state.deadlines.count > 64, state.deadlines.count > 2 * state.delayed.count else { return }
        state.deadlines = Heap(state.delayed.values)
    }
}
