import DrawbridgeAPI
import Foundation
import Testing

@Suite("Decoding for informer caches")
struct CacheDecodingTests {
    /// Every member the controller reads, set, plus managedFields and members no Swift type models.
    static var fullyPopulatedRequest: AccessRequest {
        var request = FullyPopulated.accessRequest
        request.metadata.uid = "4f5e6d7c-0000-4000-8000-000000000001"
        request.metadata.resourceVersion = "4242"
        request.metadata.generation = 2
        request.metadata.creationTimestamp = FullyPopulated.time
        request.metadata.deletionTimestamp = FullyPopulated.time
        request.metadata.deletionGracePeriodSeconds = 0
        request.metadata.labels = ["team": "checkout"]
        request.metadata.annotations = ["drawbridge.dev/note": "kept"]
        request.metadata.finalizers = ["drawbridge.dev/revoke-grant"]
        request.metadata.ownerReferences = [
            OwnerReference(apiVersion: "v1", kind: "Namespace", name: "demo", uid: "ns-uid", controller: true)
        ]
        request.metadata.managedFields = [
            ["manager": "kubectl", "operation": "Update", "fieldsType": "FieldsV1", "fieldsV1": ["f:spec": [:]]],
            ["manager": "drawbridge", "operation": "Update", "subresource": "status", "fieldsV1": ["f:status": [:]]],
        ]
        request.metadata.unknownFields = UnknownFields(["selfLink": "/x"])
        request.spec.unknownFields = UnknownFields(["priority": "high"])
        request.unknownFields = UnknownFields(["futureTopLevel": ["nested": true]])
        return request
    }

    @Test("The cache's decoder leaves managedFields out and keeps every other member, unknown ones included")
    func dropsOnlyManagedFields() throws {
        let bytes = try JSONCoding.encoder.encode(Self.fullyPopulatedRequest)
        let plain = try JSONCoding.decoder.decode(AccessRequest.self, from: bytes)
        let cached = try CacheDecoding.decoder.decode(AccessRequest.self, from: bytes)
        #expect(plain.metadata.managedFields?.count == 2, "the plain decoder keeps them")
        #expect(cached.metadata.managedFields == nil)
        var expected = plain
        expected.metadata.managedFields = nil
        #expect(cached == expected)
        // Spelled out: what the controller reads survives.
        #expect(cached.metadata.labels == ["team": "checkout"])
        #expect(cached.metadata.annotations == ["drawbridge.dev/note": "kept"])
        #expect(cached.metadata.finalizers == ["drawbridge.dev/revoke-grant"])
        #expect(cached.metadata.ownerReferences?.first?.uid == "ns-uid")
        #expect(cached.metadata.resourceVersion == "4242")
        #expect(cached.metadata.uid == "4f5e6d7c-0000-4000-8000-000000000001")
        #expect(cached.metadata.deletionTimestamp == FullyPopulated.time)
        #expect(cached.spec == Self.fullyPopulatedRequest.spec)
        #expect(cached.status == Self.fullyPopulatedRequest.status)
        #expect(cached.metadata.unknownFields.values["selfLink"] == "/x")
    }

    @Test("Written back, a cached object carries no managedFields member at all, so the server keeps its own")
    func encodesNoManagedFieldsMember() throws {
        let bytes = try JSONCoding.encoder.encode(Self.fullyPopulatedRequest)
        let cached = try CacheDecoding.decoder.decode(AccessRequest.self, from: bytes)
        let written = try JSONValue(encoding: cached)
        #expect(written["metadata"]?["managedFields"] == nil)
        var original = try JSONValue(encoding: Self.fullyPopulatedRequest)
        original[path: ["metadata", "managedFields"]] = nil
        #expect(written == original, "nothing else is lost on the way back")
    }
}
