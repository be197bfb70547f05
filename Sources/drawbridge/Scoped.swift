/// Runs `body` with `resource`, then `close`s it whether `body` returned or threw.
///
/// Swift has no `async defer`; a command that opened a connection pool, a socket or a server must
/// release it on every way out, and nesting these releases them in the reverse order they were opened.
func using<Resource, Value>(
    _ resource: Resource, close: (Resource) async -> Void, _ body: (Resource) async throws -> Value
) async throws -> Value {
    let value: Value
    do {
        value = try await body(resource)
    } catch {
        await close(resource)
        throw error
    }
    await close(resource)
    return value
}
