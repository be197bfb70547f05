import DrawbridgeAPI
import Foundation

/// The one place the request pipeline meets the emulator's specialised pieces (selectors, patches,
/// Tables, discovery, OpenAPI, protobuf), turning their typed errors into the Status a real server sends.
enum Adapters {
    // MARK: Selectors

    static func labelSelector(_ text: String) throws -> @Sendable ([String: String]) -> Bool {
        do {
            let query = try LabelSelectorQuery(parsing: text)
            return { query.matches($0) }
        } catch {
            throw StatusError(error)
        }
    }

    static func fieldSelector(_ text: String, type: ResourceType) throws -> @Sendable (JSONValue) -> Bool {
        do {
            let query = try FieldSelectorQuery(parsing: text)
            try query.validate(
                allowed: FieldSelectorQuery.allowedFields(for: type), resourceDescription: type.qualifiedName)
            guard !query.isEmpty else { return { _ in true } }
            return { query.matches(FieldSelectorQuery.fields(of: $0, type: type)) }
        } catch {
            throw StatusError(error)
        }
    }

    // MARK: Patches

    static func applyPatch(contentType: String, patch: JSONValue, to object: JSONValue, type: ResourceType) throws
        -> JSONValue
    {
        switch contentType {
        case "application/merge-patch+json":
            return MergePatch.apply(patch, to: object)
        case "application/json-patch+json":
            do {
                return try JSONPatch.apply(patch, to: object)
            } catch {
                throw StatusError(error)
            }
        case "application/strategic-merge-patch+json":
            do {
                return try StrategicMergePatch.apply(patch, to: object, kind: type.kind)
            } catch {
                throw StatusError(error)
            }
        case "application/apply-patch+yaml":
            return ApplyPatch.apply(patch, to: object)
        default:
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            )
        }
    }

    // MARK: Protobuf

    static func protobuf(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try KubeProtobuf.decode(bytes)
        } catch let error as ProtobufDecodingError {
            throw StatusError(error)
        } catch {
            throw StatusError.badRequest("\(error)")
        }
    }

    // MARK: Tables

    static func table(
        type: ResourceType, objects: [JSONValue], listResourceVersion: String, continueToken: String?,
        includeObject: String?, now: Date, includeColumnDefinitions: Bool = true
    ) -> JSONValue {
        TablePrinter.table(
            type: type, objects: objects, listResourceVersion: listResourceVersion, continueToken: continueToken,
            includeObject: IncludeObject(queryValue: includeObject) ?? .metadata, now: now,
            includeColumnDefinitions: includeColumnDefinitions)
    }

    // MARK: Discovery and OpenAPI

    static let aggregatedContentType = DiscoveryDocuments.aggregatedContentType

    static func aggregatedDiscovery(_ registry: ResourceRegistry, core: Bool) -> JSONValue {
        DiscoveryDocuments(types: registry.types).aggregated(forCore: core)
    }

    static func apiVersions(_ registry: ResourceRegistry, serverAddress: String) -> JSONValue {
        DiscoveryDocuments(types: registry.types).apiVersions(serverAddress: serverAddress)
    }

    static func apiGroupList(_ registry: ResourceRegistry) -> JSONValue {
        DiscoveryDocuments(types: registry.types).apiGroupList()
    }

    static func apiGroup(_ registry: ResourceRegistry, _ group: String) -> JSONValue? {
        DiscoveryDocuments(types: registry.types).apiGroup(group)
    }

    static func apiResourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        DiscoveryDocuments(types: registry.types).apiResourceList(group: group, version: version)
    }

    static func openAPIRoot(_ registry: ResourceRegistry) -> JSONValue {
        OpenAPIDocuments(types: registry.types).root()
    }

    static func openAPIDocument(_ registry: ResourceRegistry, path: String) -> JSONValue? {
        OpenAPIDocuments(types: registry.types).document(path: path)
    }
}
