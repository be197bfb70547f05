import ControllerRuntime
import DrawbridgeAPI
import Testing

/// Where a string's bytes live: equal addresses mean one shared copy.
func storage(of string: String) -> UnsafeRawPointer? {
    string.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
}

/// A fresh heap copy of `text`, as a decoder would make it.
func freshCopy(_ text: String) -> String {
    String(decoding: Array(text.utf8), as: UTF8.self)
}

@Suite struct StringInternerTests {
    @Test func equalLongStringsEndUpSharingOneCopyAndKeepTheirValue() {
        let interner = StringInterner()
        var first = freshCopy("app.kubernetes.io/managed-by")
        var second = freshCopy("app.kubernetes.io/managed-by")
        #expect(storage(of: first) != storage(of: second), "two decodes make two copies")
        interner.withTable { table in
            table.intern(&first)
            table.intern(&second)
        }
        #expect(second == "app.kubernetes.io/managed-by")
        #expect(storage(of: first) == storage(of: second))
    }

    @Test func shortStringsAreLeftAloneTheyHaveNoStorageToShare() {
        let interner = StringInterner()
        var short = freshCopy("drawbridge")
        interner.withTable { $0.intern(&short) }
        #expect(short == "drawbridge")
        #expect(interner.count == 0)
    }

    @Test func longStringsAreLeftAloneTheyRarelyRepeatAndTheTableWouldKeepThemAlive() {
        let interner = StringInterner()
        let long = String(repeating: "x", count: 257)
        var first: [String: String]? = ["kubectl.kubernetes.io/last-applied-configuration": freshCopy(long)]
        var second = first
        second?[freshCopy("kubectl.kubernetes.io/last-applied-configuration")] = freshCopy(long)
        interner.withTable { table in
            table.intern(&first)
            table.intern(&second)
        }
        #expect(first == second)
        #expect(storage(of: first?.values.first ?? "") != storage(of: second?.values.first ?? ""))
        #expect(interner.count == 1, "only the key is in the table")
    }

    @Test func theTableStartsOverAtItsCapacitySoUniqueValuesCannotGrowIt() {
        let interner = StringInterner(capacity: 3)
        for index in 0..<10 {
            var uid = freshCopy("4f5e6d7c-0000-4000-8000-00000000000\(index)")
            interner.withTable { $0.intern(&uid) }
            #expect(interner.count <= 3)
        }
    }

    @Test func metadataKeepsEveryValueWhileItsRepeatedStringsAndMapsAreShared() {
        let interner = StringInterner()
        func decoded() -> ObjectMeta {
            var meta = ObjectMeta(
                name: freshCopy("drawbridge-alice-edit-demo"), namespace: freshCopy("team-checkout-production"),
                labels: [freshCopy("app.kubernetes.io/managed-by"): freshCopy("drawbridge")],
                annotations: [freshCopy("drawbridge.dev/approved-by"): freshCopy("AccessPolicy/developers-edit")])
            meta.uid = freshCopy("4f5e6d7c-0000-4000-8000-000000000001")
            meta.finalizers = [freshCopy("drawbridge.dev/revoke-grant")]
            meta.ownerReferences = [
                OwnerReference(
                    apiVersion: freshCopy("drawbridge.dev/v1alpha1"), kind: "AccessRequest", name: "alice", uid: "u")
            ]
            return meta
        }
        var first = decoded()
        var second = decoded()
        interner.withTable { table in
            table.intern(&first)
            table.intern(&second)
        }
        #expect(first == decoded())
        #expect(second == decoded())
        #expect(storage(of: first.namespace ?? "") == storage(of: second.namespace ?? ""))
        #expect(storage(of: first.finalizers?[0] ?? "") == storage(of: second.finalizers?[0] ?? ""))
        #expect(
            storage(of: first.ownerReferences?[0].apiVersion ?? "")
                == storage(of: second.ownerReferences?[0].apiVersion ?? ""))
        #expect(
            withUnsafeBytes(of: first.labels) { Array($0) } == withUnsafeBytes(of: second.labels) { Array($0) },
            "one label map for both")
        #expect(storage(of: first.uid ?? "") != storage(of: second.uid ?? ""), "uids do not repeat: left alone")
    }
}
