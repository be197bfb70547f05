import DrawbridgeAPI

/// The resources being served right now: the built-ins plus every established CRD. A value type, so
/// the server swaps in a new registry atomically when a CRD changes.
public struct ResourceRegistry: Sendable {
    public private(set) var types: [ResourceType]

    /// Just the built-ins.
    public init(types: [ResourceType] = BuiltinResources.all) {
        self.types = types
    }

    /// The type served at `group/version/plural`.
    public func lookup(group: String, version: String, plural: String) -> ResourceType? {
        types.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The type of `apiVersion`/`kind` (for ownerReferences, webhooks and the GC).
    public func lookup(apiVersion: String, kind: String) -> ResourceType? {
        types.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// Every served version of the resource stored under `key`.
    public func types(storedAt key: StorageKey) -> [ResourceType] {
        types.filter { BuiltinResources.storageKey(for: $0) == key }
    }

    /// True when some served resource lives in `group`/`version`.
    public func serves(group: String, version: String) -> Bool {
        types.contains { $0.group == group && $0.version == version }
    }

    /// The registry with the resources `crd` defines added (or replaced), one type per served version.
    public func installing(_ crd: CustomResourceDefinition) -> ResourceRegistry {
        var copy = removing(crdNamed: crd.metadata.name ?? "")
        let names = crd.spec.names
        for version in crd.spec.versions where version.served {
            copy.types.append(
                ResourceType(
                    group: crd.spec.group, version: version.name, kind: names.kind, plural: names.plural,
                    singular: names.singular ?? names.kind.lowercased(), namespaced: crd.spec.isNamespaced,
                    shortNames: names.shortNames ?? [], categories: names.categories ?? [],
                    subresources: version.hasStatusSubresource ? ["status"] : [], tracksGeneration: true,
                    isCustom: true, printerColumns: version.additionalPrinterColumns ?? [],
                    schema: version.openAPIV3Schema,
                    selectableFields: (version.selectableFields ?? []).map(\.jsonPath)))
        }
        return copy
    }

    /// The registry without the resources of the CRD called `name` (`<plural>.<group>`).
    public func removing(crdNamed name: String) -> ResourceRegistry {
        var copy = self
        copy.types.removeAll { $0.isCustom && "\($0.plural).\($0.group)" == name }
        return copy
    }
}
