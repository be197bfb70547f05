extension OperationsServer {
    /// Where an operations endpoint listens, written as controller-runtime's `--metrics-bind-address`
    /// and `--health-probe-bind-address` are: `host:port`, `:port` for every interface, or `0` to turn
    /// the endpoint off. Port 0 (`127.0.0.1:0`) asks the kernel for a free port (tests, `drawbridge dev`).
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        /// The interface: an IPv4 or IPv6 address or a hostname; `0.0.0.0` for `:port`.
        public var host: String
        /// 0 picks a free port.
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `host:port`, with an IPv6 host in brackets.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// The address `text` names, nil for `0` (disabled); throws with the reason when it is neither
        /// `host:port` nor `:port` with a port in 0-65535.
        public static func parse(_ text: String) throws -> Address? {
            if text == "0" { return nil }
            guard let colon = text.lastIndex(of: ":") else {
                throw AddressError(text: text, reason: "expected host:port, :port or 0")
            }
            var host = String(text[..<colon])
            let portText = text[text.index(after: colon)...]
            guard portText.allSatisfy({ ("0"..."9").contains($0) }), let port = Int(portText),
                (0...65535).contains(port)
            else {
                throw AddressError(text: text, reason: "the port must be a number from 0 to 65535")
            }
            guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw AddressError(text: text, reason: "expected host:port, :port or 0")
            }
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = String(host.dropFirst().dropLast())
            } else if host.contains(":") {
                throw AddressError(text: text, reason: "write an IPv6 host in brackets, as [::1]:8080")
            }
            return Address(host: host.isEmpty ? "0.0.0.0" : host, port: port)
        }
    }

    /// A bind address that does not parse; `description` is one line naming the text and the reason.
    public struct AddressError: Error, Equatable, CustomStringConvertible {
        /// What was given.
        public var text: String
        /// Why it is refused.
        public var reason: String

        public var description: String { "\(text): \(reason)" }
    }
}
