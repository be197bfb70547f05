import DrawbridgeControllers
import Testing

@Suite("Operations bind addresses as controller-runtime writes them")
struct OperationsAddressTests {
    @Test(
        "host:port, :port and [ipv6]:port parse; 0 turns the endpoint off",
        arguments: [
            (":8080", OperationsServer.Address(host: "0.0.0.0", port: 8080)),
            ("127.0.0.1:0", OperationsServer.Address(host: "127.0.0.1", port: 0)),
            ("localhost:65535", OperationsServer.Address(host: "localhost", port: 65535)),
            ("[::1]:8081", OperationsServer.Address(host: "::1", port: 8081)),
            ("0", nil),
        ] as [(String, OperationsServer.Address?)])
    func parses(text: String, expected: OperationsServer.Address?) throws {
        #expect(try OperationsServer.Address.parse(text) == expected)
    }

    @Test(
        "anything else is refused with the text and the reason",
        arguments: [
            ("8080", "8080: expected host:port, :port or 0"),
            ("", ": expected host:port, :port or 0"),
            ("localhost:http", "localhost:http: the port must be a number from 0 to 65535"),
            (":65536", ":65536: the port must be a number from 0 to 65535"),
            (":-1", ":-1: the port must be a number from 0 to 65535"),
            (":+80", ":+80: the port must be a number from 0 to 65535"),
            ("127.0.0.1:", "127.0.0.1:: the port must be a number from 0 to 65535"),
            ("::1:8080", "::1:8080: write an IPv6 host in brackets, as [::1]:8080"),
            ("http://x:80", "http://x:80: expected host:port, :port or 0"),
            ("a b:80", "a b:80: expected host:port, :port or 0"),
        ])
    func refuses(text: String, message: String) {
        do {
            let parsed = try OperationsServer.Address.parse(text)
            Issue.record("\(text) parsed as \(String(describing: parsed))")
        } catch let error as OperationsServer.AddressError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("An address prints back as host:port, an IPv6 host in brackets")
    func description() {
        #expect(OperationsServer.Address(host: "0.0.0.0", port: 8080).description == "0.0.0.0:8080")
        #expect(OperationsServer.Address(host: "::1", port: 8081).description == "[::1]:8081")
    }
}
