#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that an IPv4 address and port can be listened on, before anything starts.
///
/// `drawbridge dev` starts the API server, the controller and the servers together; finding a
/// taken port only once they all run means shutting them down while the controller is still
/// connecting, which can trip a race in the HTTP server. Asking first turns the common mistake
/// (something else on the port) into a one-line error with nothing started.
enum PortCheck {
    /// False when binding `host:port` fails now. Hosts that are not IPv4 literals, and port 0, are
    /// not checked (true): the server reports those itself.
    static func canListen(host: String, port: Int) -> Bool {
        guard port > 0, port <= 65535 else { return true }
        var address = sockaddr_in()
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return true }
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        return bound
    }
}
