import DrawbridgeTesting
import Foundation
import Synchronization

/// `drawbridge dev` running as a child process, as a user starts it: the test talks to it only
/// through the kubeconfig it writes and the real kubectl.
final class DevProcess: Sendable {
    let child: ChildProcess
    /// The port of dev's admission webhook (HTTPS, 127.0.0.1).
    let webhookPort: Int
    var directory: URL { child.directory }
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    var auditLog: String { directory.appendingPathComponent("audit.jsonl").path }

    private init(child: ChildProcess, webhookPort: Int) {
        self.child = child
        self.webhookPort = webhookPort
    }

    /// Starts `drawbridge dev` on free ports and waits until it prints that it is ready.
    /// `arguments` are added to the command line (e.g. `--token-file`), `environment` to its
    /// environment (e.g. a PATH holding kubectl-drawbridge).
    static func start(arguments extra: [String] = [], environment: [String: String] = [:]) async throws -> DevProcess {
        let directory = try ChildProcess.scratchDirectory("dev")
        let webhookPort = try freePort()
        let arguments =
            [
                "dev", "--listen", "127.0.0.1:0", "--webhook-port", String(webhookPort),
                "--health-probe-bind-address", "127.0.0.1:0", "--metrics-bind-address", "127.0.0.1:0",
                "--kubeconfig", directory.appendingPathComponent("kubeconfig").path,
                "--audit-log", directory.appendingPathComponent("audit.jsonl").path,
            ] + extra
        let dev = DevProcess(
            child: try ChildProcess(
                arguments, in: directory, workingDirectory: PackageRoot.url, environment: environment),
            webhookPort: webhookPort)
        if await dev.child.waitForOutput("Press Ctrl-C to stop.") { return dev }
        _ = await dev.stop()
        throw HarnessError("drawbridge dev did not start:\n\(dev.stdout)\n\(dev.stderr)")
    }

    /// The URL the banner prints for `path` (`/readyz`, `/metrics`): where the server bound port 0.
    func endpoint(_ path: String) -> String? {
        for line in stdout.split(separator: "\n") {
            guard let start = line.range(of: "http://") else { continue }
            let urls = line[start.lowerBound...].split(separator: ", ")
            guard let base = urls.first, let slash = base.dropFirst("http://".count).firstIndex(of: "/") else {
                continue
            }
            let origin = base[..<slash]
            if urls.contains(where: { $0 == path || $0.hasSuffix(path) }) { return "\(origin)\(path)" }
        }
        return nil
    }

    var stdout: String { child.stdout }
    var stderr: String { child.stderr }

    /// The audit log's records, parsed.
    func auditRecords() throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: auditLog, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// kubectl as `user` against this dev cluster.
    func kubectl(_ arguments: [String], as user: String = "admin", stdin: String? = nil) async throws
        -> KubectlHarness.Result
    {
        try await KubectlProcess.run(
            [
                "--kubeconfig", kubeconfig, "--cache-dir", directory.appendingPathComponent("cache").path, "--context",
                user,
            ]
                + arguments, stdin: stdin, timeout: 60, scratch: directory)
    }

    /// Sends Ctrl-C (SIGINT, or `signal`, e.g. SIGTERM as Kubernetes sends it) and returns the exit status.
    func stop(signal: Int32 = SIGINT) async -> Int32 {
        await child.stop(signal: signal)
    }

    /// A TCP port nobody listens on right now, picked below the kernel's ephemeral range: a port
    /// from that range (what binding port 0 returns) can be handed to another test's outgoing
    /// connection before the child binds it, which made `dev` refuse to start now and then.
    static func freePort() throws -> Int {
        let ephemeralStart = ephemeralPortRangeStart()
        guard ephemeralStart > 12_000 else { return try kernelPickedPort() }
        let range = 10_000..<ephemeralStart
        for _ in 0..<range.count {
            let port = range.lowerBound + Int(nextPortOffset.add(1, ordering: .relaxed).newValue % UInt64(range.count))
            if canBind(port) { return port }
        }
        return try kernelPickedPort()
    }

    /// Successive picks walk the range from a random start, so two tests never get the same port.
    private static let nextPortOffset = Atomic<UInt64>(UInt64.random(in: 0..<1_000_000))

    private static func ephemeralPortRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 0
    }

    private static func canBind(_ port: Int) -> Bool {
        (try? bound(port: port)) == port
    }

    private static func kernelPickedPort() throws -> Int {
        try bound(port: 0)
    }

    /// Binds a socket to 127.0.0.1:`port`, reads back the port it got and closes it.
    private static func bound(port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw HarnessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
