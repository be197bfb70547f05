import DrawbridgeAPI
import KubeClient
import Testing

@Suite("Watch stream decoding")
struct WatchStreamDecoderTests {
    /// Found by the watch-stream fuzz harness: an ERROR event whose object is not a Status was
    /// reported with the object's description, whose key order differs between two decodes of the
    /// same bytes, so how the stream happened to be chunked changed the event.
    static let errorWithoutStatus =
        #"{"type":"ERROR","object":{"kind":"Status","apiVersi%n":"v1","status":410,"reasonmessage":"tn object"}}"#
        + "\n"

    @Test("An ERROR object that is not a Status decodes to the same event however the stream is chunked")
    func errorObjectIsDeterministic() throws {
        let bytes = Array(Self.errorWithoutStatus.utf8)
        var reference: [String] = []
        for split in 0...bytes.count {
            var decoder = WatchStreamDecoder<AccessRequest>()
            let events =
                try decoder.feed(Array(bytes[..<split])) + decoder.feed(Array(bytes[split...])) + decoder.finish()
            let messages = events.map { event -> String in
                guard case .error(let status) = event else { return "not an error: \(event)" }
                return "\(status.code ?? 0) \(status.message ?? "")"
            }
            if split == 0 { reference = messages }
            #expect(messages == reference, "split at \(split)")
        }
        #expect(
            reference == [
                #"500 {"apiVersi%n":"v1","kind":"Status","reasonmessage":"tn object","status":410}"#
            ])
    }
}
