import DrawbridgeAPI
import Testing
@testable import APIServerEmulator

@Suite("Kubernetes protobuf envelope")
struct KubeProtobufEnvelopeTests {
    /// `kubectl create namespace team-a` as kubectl 1.32 sent it (captured from the wire).
    static let observedCreateNamespace = ProtobufFixtures.hex(
        """
        6b3873000a0f0a0276311209 4e616d657370616365 121e 0a16 0a067465616d2d61 1200 1a00 2200 2a00 3200 \
        3800 4200 1200 1a02 0a00 1a00 2200
        """)

    @Test("The observed kubectl create namespace bytes decode to the minimal Namespace, without empty spec and status")
    func observedNamespace() throws {
        #expect(Self.observedCreateNamespace.count == 57)
        let decoded = try KubeProtobuf.decode(Self.observedCreateNamespace)
        #expect(
            decoded
                == (try ProtobufFixtures.json(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}"#)))
    }

    @Test("The envelope exposes the declared type and the raw object bytes")
    func envelopeFields() throws {
        let envelope = try KubeProtobufEnvelope(body: Self.observedCreateNamespace)
        #expect(envelope.apiVersion == "v1")
        #expect(envelope.kind == "Namespace")
        #expect(envelope.raw.count == 30)
        #expect(envelope.contentEncoding.isEmpty)
        #expect(envelope.contentType.isEmpty)
    }

    @Test(
        "A body without the k8s\\0 magic is rejected with a 400",
        arguments: [
            [UInt8](), [0x6B, 0x38, 0x73], [0x6B, 0x38, 0x73, 0x01, 0x0A, 0x00], Array(#"{"kind":"Namespace"}"#.utf8),
        ])
    func wrongMagic(body: [UInt8]) {
        #expect(throws: ProtobufDecodingError.missingMagic) { try KubeProtobuf.decode(body) }
        #expect(ProtobufDecodingError.missingMagic.httpStatusCode == 400)
    }

    @Test("An unknown kind is refused with a 415 whose message names the kind")
    func unsupportedKind() {
        let body = ProtobufFixtures.body(apiVersion: "example.com/v1", kind: "Foo", raw: [])
        let expected = ProtobufDecodingError.unsupportedKind(apiVersion: "example.com/v1", kind: "Foo")
        #expect(throws: expected) { try KubeProtobuf.decode(body) }
        #expect(expected.httpStatusCode == 415)
        #expect(expected.statusReason == "UnsupportedMediaType")
        #expect(expected.description == "protobuf decoding is not supported for example.com/v1, Kind=Foo")
        #expect(
            ProtobufDecodingError.unsupportedKind(apiVersion: "", kind: "Foo").description
                == "protobuf decoding is not supported for Kind=Foo")
    }

    @Test("A known kind under the wrong apiVersion is not guessed at")
    func kindUnderWrongVersion() {
        let body = ProtobufFixtures.body(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "RoleBinding", raw: [])
        #expect(
            throws: ProtobufDecodingError.unsupportedKind(
                apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "RoleBinding")
        ) { try KubeProtobuf.decode(body) }
    }

    @Test("A compressed payload is refused rather than decoded as garbage")
    func contentEncoding() {
        let body =
            KubeProtobufEnvelope.magic
            + ProtobufWriter.message { unknown in
                unknown.message(1) {
                    $0.string(1, "v1"); $0.string(2, "Namespace")
                }
                unknown.bytes(2, [0x1F, 0x8B])
                unknown.string(3, "gzip")
            }
        #expect(throws: ProtobufDecodingError.unsupportedContentEncoding("gzip")) { try KubeProtobuf.decode(body) }
    }

    @Test("Unknown fields of every wire type are skipped")
    func skipsUnknownFields() throws {
        let raw = ProtobufWriter.message { namespace in
            namespace.fixed64(90, 1)
            namespace.message(1) { meta in
                meta.string(1, "a")
                meta.fixed32(99, 3)
                meta.int(100, 5)
                meta.bytes(17, [0x0A, 0x03, 0x6B, 0x75, 0x62])  // managedFields: skipped on purpose
            }
            namespace.string(50, "ignored")
        }
        let body = ProtobufFixtures.body(apiVersion: "v1", kind: "Namespace", raw: raw)
        #expect(
            try KubeProtobuf.decode(body)
                == (try ProtobufFixtures.json(
                    #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}"#)))
    }

    @Test("A known field with the wrong wire type is malformed")
    func wrongWireType() {
        let raw = ProtobufWriter.message { $0.message(1) { $0.int(1, 5) } }
        let body = ProtobufFixtures.body(apiVersion: "v1", kind: "Namespace", raw: raw)
        #expect(throws: ProtobufDecodingError.wrongWireType(field: "Namespace.metadata.name", found: 0, expected: 2)) {
            try KubeProtobuf.decode(body)
        }
    }

    @Test("A string that is not UTF-8 is malformed")
    func invalidUTF8() {
        let raw = ProtobufWriter.message { $0.message(1) { $0.bytes(1, [0xC3, 0x28]) } }
        let body = ProtobufFixtures.body(apiVersion: "v1", kind: "Namespace", raw: raw)
        #expect(throws: ProtobufDecodingError.invalidUTF8(field: "Namespace.metadata.name")) {
            try KubeProtobuf.decode(body)
        }
    }

    @Test("The content type constant and header check match the Kubernetes media type")
    func contentTypeHeader() {
        #expect(KubeProtobuf.contentType == "application/vnd.kubernetes.protobuf")
        #expect(KubeProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf"))
        #expect(KubeProtobuf.isProtobuf(contentType: "Application/VND.kubernetes.protobuf; charset=utf-8"))
        #expect(!KubeProtobuf.isProtobuf(contentType: "application/json"))
        #expect(KubeProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf;stream=watch"))
    }

    @Test("Every supported kind is listed once")
    func supportedTypes() {
        let kinds = KubeProtobuf.supportedTypes.map(\.kind)
        #expect(Set(kinds).count == kinds.count)
        #expect(kinds.count == 14)
    }
}
