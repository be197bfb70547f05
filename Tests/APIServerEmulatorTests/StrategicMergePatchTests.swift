import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Strategic merge patch")
struct StrategicMergePatchTests {
    func patched(_ patch: String, _ target: String, kind: String = "RoleBinding") throws -> JSONValue {
        try StrategicMergePatch.apply(try json(patch), to: try json(target), kind: kind)
    }

    @Test("Finalizers merge as a set instead of replacing")
    func finalizersMerge() throws {
        let result = try patched(
            #"{"metadata":{"finalizers":["b","c"]}}"#, #"{"metadata":{"finalizers":["a","b"]}}"#, kind: "ConfigMap")
        #expect(result == (try json(#"{"metadata":{"finalizers":["a","b","c"]}}"#)))
    }

    @Test("$deleteFromPrimitiveList/finalizers removes one finalizer")
    func deleteFromPrimitiveList() throws {
        let result = try patched(
            #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["drawbridge.dev/revoke"]}}"#,
            #"{"metadata":{"finalizers":["kubernetes","drawbridge.dev/revoke"]}}"#, kind: "Namespace")
        #expect(result == (try json(#"{"metadata":{"finalizers":["kubernetes"]}}"#)))
    }

    @Test("ownerReferences merge by uid")
    func ownerReferencesMergeByUID() throws {
        let result = try patched(
            #"{"metadata":{"ownerReferences":[{"uid":"2","name":"b2"},{"uid":"3","name":"c"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b","kind":"X"}]}}"#)
        #expect(
            result
                == (try json(
                    #"{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b2","kind":"X"},{"uid":"3","name":"c"}]}}"#
                )))
    }

    @Test("$patch: delete removes one ownerReference by uid")
    func patchDeleteListItem() throws {
        let result = try patched(
            #"{"metadata":{"ownerReferences":[{"uid":"1","$patch":"delete"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}}"#)
        #expect(result == (try json(#"{"metadata":{"ownerReferences":[{"uid":"2","name":"b"}]}}"#)))
    }

    @Test("A merge-list item without its merge key is rejected")
    func missingMergeKey() throws {
        #expect(
            throws: StrategicMergePatchError(
                .malformed, "metadata.ownerReferences: map does not contain declared merge key: uid")
        ) { try patched(#"{"metadata":{"ownerReferences":[{"name":"a"}]}}"#, #"{}"#) }
    }

    @Test("RoleBinding subjects and Role rules replace whole")
    func rbacListsReplace() throws {
        let binding = try patched(
            #"{"subjects":[{"kind":"User","name":"bob"}]}"#,
            #"{"subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"}]}"#)
        #expect(binding == (try json(#"{"subjects":[{"kind":"User","name":"bob"}]}"#)))
        let role = try patched(#"{"rules":[{"verbs":["get"]}]}"#, #"{"rules":[{"verbs":["list"]}]}"#, kind: "Role")
        #expect(role == (try json(#"{"rules":[{"verbs":["get"]}]}"#)))
    }

    @Test("managedFields replace whole")
    func managedFieldsReplace() throws {
        let result = try patched(
            #"{"metadata":{"managedFields":[{"manager":"b"}]}}"#, #"{"metadata":{"managedFields":[{"manager":"a"}]}}"#)
        #expect(result == (try json(#"{"metadata":{"managedFields":[{"manager":"b"}]}}"#)))
    }

    @Test("$setElementOrder/finalizers reorders the merged list")
    func setElementOrder() throws {
        let result = try patched(
            #"{"metadata":{"$setElementOrder/finalizers":["c","a","b"],"finalizers":["c"]}}"#,
            #"{"metadata":{"finalizers":["a","b"]}}"#, kind: "ConfigMap")
        #expect(result == (try json(#"{"metadata":{"finalizers":["c","a","b"]}}"#)))
    }

    @Test("$setElementOrder on a keyed list orders by the merge key")
    func setElementOrderByKey() throws {
        let result = try patched(
            #"{"webhooks":[{"name":"b","sideEffects":"None"}],"$setElementOrder/webhooks":[{"name":"b"},{"name":"a"}]}"#,
            #"{"webhooks":[{"name":"a"},{"name":"b"}]}"#, kind: "ValidatingWebhookConfiguration")
        #expect(result == (try json(#"{"webhooks":[{"name":"b","sideEffects":"None"},{"name":"a"}]}"#)))
    }

    @Test("$patch: replace in a map replaces it, $patch: delete empties it")
    func mapDirectives() throws {
        let result = try patched(
            #"{"data":{"$patch":"replace","x":"1"},"metadata":{"labels":{"$patch":"delete"}}}"#,
            #"{"data":{"a":"0","b":"0"},"metadata":{"labels":{"a":"b"},"name":"c"}}"#, kind: "ConfigMap")
        #expect(result == (try json(#"{"data":{"x":"1"},"metadata":{"labels":{},"name":"c"}}"#)))
    }

    @Test("$patch: replace inside a merge list replaces the list")
    func listReplaceDirective() throws {
        let result = try patched(
            #"{"metadata":{"ownerReferences":[{"$patch":"replace"},{"uid":"9"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1"}]}}"#)
        #expect(result == (try json(#"{"metadata":{"ownerReferences":[{"uid":"9"}]}}"#)))
    }

    @Test("$retainKeys drops live keys that are not listed")
    func retainKeys() throws {
        let result = try patched(
            #"{"spec":{"$retainKeys":["holderIdentity"],"holderIdentity":"b"}}"#,
            #"{"spec":{"holderIdentity":"a","renewTime":"t"}}"#, kind: "Lease")
        #expect(result == (try json(#"{"spec":{"holderIdentity":"b"}}"#)))
    }

    @Test("An unknown $patch value is rejected")
    func unknownDirective() throws {
        #expect(throws: StrategicMergePatchError(.malformed, "unknown patch type: frob in map")) {
            try patched(#"{"data":{"$patch":"frob"}}"#, #"{}"#, kind: "ConfigMap")
        }
    }

    @Test("Custom resources get the 415 kubectl expects")
    func customResourcesUnsupported() throws {
        #expect(throws: StrategicMergePatchError.self) {
            try StrategicMergePatch.apply(.object([:]), to: .object([:]), kind: "AccessRequest")
        }
        let error = StrategicMergePatchError.unsupportedMediaType(
            apiVersion: "jit.example.com/v1alpha1", kind: "AccessRequest")
        #expect(error.httpStatus == 415)
        #expect(
            error.message.hasPrefix(
                "application/strategic-merge-patch+json is not supported by jit.example.com/v1alpha1, Kind=AccessRequest: "
            ))
    }

    @Test("A realistic kubectl apply patch for a RoleBinding updates the annotation, drops a label and swaps subjects")
    func kubectlApplyRoleBinding() throws {
        let live = try json(
            """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
             "metadata":{"name":"devs-edit","namespace":"team-a","uid":"u1","resourceVersion":"41",
               "labels":{"team":"a","old":"x"},"finalizers":["drawbridge.dev/revoke"],
               "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{old}"}},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"},
                         {"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]}
            """)
        let patch = try json(
            """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{new}\\n"},
               "labels":{"old":null}},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"bob"}]}
            """)
        let result = try StrategicMergePatch.apply(patch, to: live, kind: "RoleBinding")
        #expect(result[path: ["metadata", "labels"]] == (try json(#"{"team":"a"}"#)))
        #expect(
            result[path: ["metadata", "annotations"]]
                == (try json(#"{"kubectl.kubernetes.io/last-applied-configuration":"{new}\n"}"#)))
        #expect(result[path: ["metadata", "finalizers"]] == (try json(#"["drawbridge.dev/revoke"]"#)))
        #expect(
            result["subjects"] == (try json(#"[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"bob"}]"#)))
        #expect(result["roleRef"] == live["roleRef"])
        #expect(result[path: ["metadata", "uid"]] == .string("u1"))
    }

    @Test("The strategy table names the merge keys")
    func strategyTable() {
        #expect(
            StrategicMergeStrategies.strategy(forList: "metadata.ownerReferences", kind: "Lease") == .mergeByKey("uid"))
        #expect(StrategicMergeStrategies.strategy(forList: "metadata.finalizers", kind: "Secret") == .mergePrimitives)
        #expect(StrategicMergeStrategies.strategy(forList: "subjects", kind: "ClusterRoleBinding") == .replace)
        #expect(StrategicMergeStrategies.strategy(forList: "secrets", kind: "ServiceAccount") == .mergeByKey("name"))
    }
}
