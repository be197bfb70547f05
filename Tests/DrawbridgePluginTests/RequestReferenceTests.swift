import DrawbridgeAPI
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

/// Review commands read the request as kubectl reads `TYPE/NAME`.
@Suite("Request arguments: NAME, ar/NAME, car/NAME")
struct RequestReferenceTests {
    @Test(
        "Each spelling names the kind it should",
        arguments: [
            ("alice-edit", RequestReference(name: "alice-edit")),
            ("ar/alice-edit", RequestReference(name: "alice-edit")),
            ("accessrequests.drawbridge.dev/alice-edit", RequestReference(name: "alice-edit")),
            ("car/alice-nodes", RequestReference(name: "alice-nodes", clusterWide: true)),
            ("ClusterAccessRequest/alice-nodes", RequestReference(name: "alice-nodes", clusterWide: true)),
            (
                "clusteraccessrequests.drawbridge.dev/alice-nodes",
                RequestReference(name: "alice-nodes", clusterWide: true)
            ),
        ])
    func parses(text: String, expected: RequestReference) throws {
        #expect(try RequestReference.parse(text).get() == expected)
    }

    @Test("Anything else is refused, saying what is accepted", arguments: ["", "pod/x", "car/", "car/a/b", "/x"])
    func refuses(text: String) {
        guard case .failure(let error) = RequestReference.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(
            error.description
                == "\"\(text)\" is not a request: give NAME or ar/NAME (an AccessRequest), or car/NAME (a ClusterAccessRequest)"
        )
    }

    @Test("A request's argument is what the commands take, and reads back as the same reference")
    func argumentRoundTrips() throws {
        let wide = AccessRequest.fixture(name: "alice-nodes", .clusterWide())
        #expect(RequestReference(wide).argument == "car/alice-nodes")
        #expect(try RequestReference.parse(RequestReference(wide).argument).get() == RequestReference(wide))
        let namespaced = AccessRequest.fixture(name: "alice-edit")
        #expect(RequestReference(namespaced).argument == "alice-edit")
        #expect(
            try RequestReference.parse(RequestReference(namespaced).argument).get() == RequestReference(namespaced))
    }
}
