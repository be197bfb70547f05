import DrawbridgeAPI
import KubeClient
import Logging

extension Informer {
    /// Lists everything, replaces the cache with it and tells the handlers what changed.
    func list() async -> WatcherInput {
        do {
            let result = try await client.listAll(
                R.self, namespace: namespace, labelSelector: labelSelector, pageSize: pageSize, forCache: true,
                each: compacted)
            notify(cache.replace(with: result.items, undecodable: result.undecodable))
            for object in result.undecodable {
                logger.warning(
                    "object does not decode", metadata: ["key": "\(object.key)", "error": "\(object.error)"])
            }
            if !synced.hasFired {
                logger.debug("synced", metadata: ["objects": "\(result.items.count)"])
                synced.fire()
            }
            return .listed(resourceVersion: result.resourceVersion)
        } catch {
            if !Task.isCancelled { logger.warning("listing \(R.qualifiedResource) failed: \(error)") }
            return .listFailed(WatcherFailure(error))
        }
    }

    /// Watches from `resourceVersion` until the stream ends or fails, applying every event to the
    /// cache and stepping the state machine with the resourceVersion it reached.
    func watch(from resourceVersion: String) async -> WatcherInput {
        let events: AsyncThrowingStream<WatchEvent<R>, any Error>
        do {
            events = try await client.watch(
                R.self, namespace: namespace, resourceVersion: resourceVersion, labelSelector: labelSelector,
                forCache: true)
        } catch {
            if !Task.isCancelled { logger.warning("watching \(R.qualifiedResource) failed: \(error)") }
            return .watchFailed(WatcherFailure(error))
        }
        do {
            for try await event in events {
                switch event {
                case .added(let object), .modified(let object):
                    notify(cache.upsert(compacted(object)))
                    _ = advance(.progressed(resourceVersion: object.metadata.resourceVersion ?? ""))
                case .deleted(let object):
                    notify(cache.remove(object))
                    _ = advance(.progressed(resourceVersion: object.metadata.resourceVersion ?? ""))
                case .bookmark(let resourceVersion):
                    _ = advance(.progressed(resourceVersion: resourceVersion))
                case .undecodable(let type, let object):
                    if type == "DELETED" {
                        notify(cache.removeUndecodable(object))
                    } else {
                        logger.warning(
                            "object does not decode", metadata: ["key": "\(object.key)", "error": "\(object.error)"])
                        notify(cache.storeUndecodable(object))
                    }
                    let version = object.raw["metadata"]?["resourceVersion"]?.stringValue ?? ""
                    _ = advance(.progressed(resourceVersion: version))
                case .error(let status):
                    let failure = WatcherFailure(status: status)
                    if failure != .gone {
                        logger.warning("watch of \(R.qualifiedResource) ended with an error: \(status.message ?? "")")
                    } else {
                        logger.debug("watch expired; relisting", metadata: ["message": "\(status.message ?? "")"])
                    }
                    return .watchFailed(failure)
                }
            }
            return .watchEnded
        } catch {
            if !Task.isCancelled { logger.warning("watch of \(R.qualifiedResource) broke: \(error)") }
            return .watchFailed(WatcherFailure(error))
        }
    }
}
