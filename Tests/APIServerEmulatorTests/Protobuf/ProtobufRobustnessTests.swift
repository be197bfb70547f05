import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing
@testable import APIServerEmulator

/// Request bodies come from the network: no input may crash the decoder, and broken input must throw.
@Suite("Protobuf decoding of hostile input")
struct ProtobufRobustnessTests {
    static let observed = KubeProtobufEnvelopeTests.observedCreateNamespace

    @Test("Every prefix of the observed body that cuts into the typeMeta or raw field throws truncated")
    func truncatedPrefixes() {
        // 4 magic bytes, typeMeta occupies 4..<21, raw 21..<53; a cut at 21 is a clean field boundary.
        for length in 5..<53 where length != 21 {
            let prefix = Array(Self.observed.prefix(length))
            #expect(throws: ProtobufDecodingError.self, "prefix of \(length) bytes") { try KubeProtobuf.decode(prefix) }
        }
    }

    @Test("A truncated nested message reports the offset where its length prefix starts")
    func truncatedNestedMessage() {
        var body = Self.observed
        body[22] = 0x1F  // raw (tag at 21, length at 22) claims 31 bytes; only 30 remain once the tail is cut
        body.removeLast(4)
        #expect(throws: ProtobufDecodingError.truncated(offset: 21 + 1)) { try KubeProtobuf.decode(body) }
    }

    @Test("A bad varint in the envelope throws malformedVarint")
    func badVarint() {
        let body = KubeProtobufEnvelope.magic + [0x0A] + [UInt8](repeating: 0xFF, count: 11)
        #expect(throws: ProtobufDecodingError.malformedVarint(offset: 5)) { try KubeProtobuf.decode(body) }
    }

    @Test("Thousands of seeded random byte arrays all throw, with or without the magic")
    func randomGarbageThrows() {
        var generator = SeededRandom(seed: 0xD1A_B1D6E)
        var failures = 0
        for round in 0..<4000 {
            let count = Int.random(in: 0...96, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round.isMultiple(of: 2) { bytes = KubeProtobufEnvelope.magic + bytes }
            do {
                _ = try KubeProtobuf.decode(bytes)
                failures += 1
            } catch is ProtobufDecodingError {
                continue
            } catch {
                failures += 1
            }
        }
        #expect(failures == 0)
    }

    @Test("Random mutations of bodies for every kind decode or throw ProtobufDecodingError, never anything else")
    func mutatedValidBodies() {
        var generator = SeededRandom(seed: 42)
        let seeds = Self.validBodies()
        var decoded = 0
        var rejected = 0
        var otherErrors = 0
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 4..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.count <= 4 { break }
            }
            do {
                let value = try KubeProtobuf.decode(bytes)
                if value["kind"] != nil { decoded += 1 }
            } catch is ProtobufDecodingError {
                rejected += 1
            } catch {
                otherErrors += 1
            }
        }
        #expect(otherErrors == 0)
        #expect(decoded + rejected == 3000)
        #expect(rejected > 0)
        #expect(decoded > 0)
    }

    @Test("Integer-only timestamp formatting agrees with RFC3339.format across the modern range")
    func timestampsAgreeWithFoundation() throws {
        var generator = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator)
            let ours = try ProtobufTimestamp.format(seconds: seconds, nanos: 0, fractionalDigits: 0, path: "t")
            let foundation = RFC3339.format(Date(timeIntervalSince1970: TimeInterval(seconds)), fractionalDigits: 0)
            #expect(ours == foundation)
        }
    }

    /// One valid body per supported kind, each carrying nested messages, maps and times to mutate.
    static func validBodies() -> [[UInt8]] {
        KubeProtobuf.supportedTypes.map { type in
            ProtobufFixtures.body(
                apiVersion: type.apiVersion, kind: type.kind,
                raw: ProtobufWriter.message { object in
                    object.message(1) { meta in
                        ProtobufFixtures.minimalMeta("x", namespace: "ns")(&meta)
                        meta.mapEntry(11, "a", "b")
                        meta.time(8, seconds: 1_700_000_000, nanos: 5)
                        meta.message(13) {
                            $0.string(1, "K"); $0.bool(6, true)
                        }
                    }
                    object.message(2) { nested in
                        nested.string(1, "v")
                        nested.message(1) {
                            $0.string(1, "w"); $0.string(3, "z")
                        }
                        nested.mapEntry(5, "k", "v")
                    }
                    object.message(3) {
                        $0.string(1, "s"); $0.int(2, 3)
                    }
                    object.mapEntry(2, "k", "v")
                })
        }
    }
}
