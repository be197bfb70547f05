/// An error that retrying cannot fix (an invalid spec, a policy that forbids the request): the
/// controller logs it and forgets the key instead of retrying with backoff.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for the log.
    public var message: String

    /// A terminal error saying what is wrong.
    public init(_ message: String) { self.message = message }

    /// The message, so logs print it plainly.
    public var description: String { message }
}
