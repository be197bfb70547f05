/// Why the webhook server cannot start with what it was given (e.g. a certificate PEM without a
/// certificate), as one line for the command to print.
public struct WebhookServerError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, in one sentence.
    public var description: String

    init(_ description: String) { self.description = description }
}
