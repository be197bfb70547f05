import DrawbridgeAPI

/// ANSI colour for a terminal, and nothing at all anywhere else: piped output, files and CI logs
/// stay plain text, as with `ls` and `git`. `NO_COLOR` (https://no-color.org) and `TERM=dumb` turn
/// it off too.
public struct Colorizer: Sendable, Hashable {
    /// The few styles the plugin uses, each with one meaning.
    public enum Style: String, Sendable, Hashable {
        /// Access is live, or something succeeded.
        case good
        /// Waiting on someone.
        case waiting
        /// Refused, denied, or over.
        case bad
        /// Secondary detail.
        case dim
        /// A heading.
        case heading

        /// The SGR code that starts the style.
        var code: String {
            switch self {
            case .good: "32"
            case .waiting: "33"
            case .bad: "31"
            case .dim: "2"
            case .heading: "1"
            }
        }
    }

    /// Whether escape codes are written.
    public var enabled: Bool

    /// A colorizer that colours only when `enabled`.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Never colours (tests, pipes).
    public static let plain = Colorizer(enabled: false)

    /// Colours when standard output is a terminal and the environment does not say otherwise.
    public static func forTerminal(isTerminal: Bool, environment: [String: String]) -> Colorizer {
        let disabled = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Colorizer(enabled: isTerminal && !disabled && environment["TERM"] != "dumb")
    }

    /// `text` wrapped in `style`'s escape codes when colour is on.
    public func apply(_ style: Style?, to text: String) -> String {
        guard enabled, let style, !text.isEmpty else { return text }
        return "\u{1B}[\(style.code)m\(text)\u{1B}[0m"
    }

    /// The style a phase is shown in: live access green, waiting yellow, the end of the road red.
    public static func style(of phase: AccessRequestPhase?) -> Style? {
        switch phase {
        case .active: .good
        case .pending, .approved, .scheduled, nil: .waiting
        case .rejected, .denied, .timedOut: .bad
        case .expired, .revoked: .dim
        }
    }
}
