import DrawbridgeAPI
import Foundation

/// The one place the request pipeline meets the emulator's specialised pieces (selectors, patches,
/// Tables, discovery, OpenAPI, protobuf), so each can evolve behind a stable call.
enum Adapters {
    // MARK: Selectors

    static func labelSelector(_ text: String) throws -> @Sendable ([String: String]) -> Bool {
        guard text.isEmpty else { throw StatusError.badRequest("label selectors are not supported yet") }
        return { _ in true }
    }

    static func fieldSelector(_ text: String, type: ResourceType) throws -> @Sendable (JSONValue) -> Bool {
        guard !text.isEmpty else { return { _ in true } }
        var terms: [(String, String, Bool)] = []
        for term in text.split(separator: ",") {
            let negated = term.contains("!=")
            let parts = term.replacingOccurrences(of: "!=", with: "=").replacingOccurrences(of: "==", with: "=")
                .split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "metadata.name" || parts[0] == "metadata.namespace" else {
                throw StatusError.badRequest("\"\(parts.first ?? "")\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
            terms.append((parts[0], parts[1], negated))
        }
        let captured = terms
        return { object in
            captured.allSatisfy { field, value, negated in
                (object[dotted: field]?.stringValue ?? "" == value) != negated
            }
        }
    }

    // MARK: Patches

    static func applyPatch(contentType: String, patch: JSONValue, to object: JSONValue, type: ResourceType) throws -> JSONValue {
        func merge(_ patch: JSONValue, _ target: JSONValue) -> JSONValue {
            guard case .object(let fields) = patch else { return patch }
            var result = target.objectValue ?? [:]
            for (key, value) in fields {
                if value == .null { result[key] = nil } else { result[key] = merge(value, result[key] ?? .null) }
            }
            return .object(result)
        }
        switch contentType {
        case "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml":
            return merge(patch, object)
        default:
            throw StatusError.unsupportedMediaType("the body of the request was in an unknown format")
        }
    }

    // MARK: Protobuf

    static func protobuf(_ bytes: [UInt8]) throws -> JSONValue {
        throw StatusError.unsupportedMediaType("protobuf request bodies are not supported yet")
    }

    // MARK: Tables

    static func table(
        type: ResourceType, objects: [JSONValue], listResourceVersion: String, continueToken: String?,
        includeObject: String?, now: Date, includeColumnDefinitions: Bool = true
    ) -> JSONValue {
        let rows: [JSONValue] = objects.map { object in
            ["cells": [object[path: ["metadata", "name"]] ?? ""], "object": object]
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(listResourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": [["name": "Name", "type": "string", "format": "name", "description": "", "priority": 0]],
            "rows": .array(rows),
        ]
    }

    // MARK: Discovery and OpenAPI

    static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    static func aggregatedDiscovery(_ registry: ResourceRegistry, core: Bool) -> JSONValue {
        ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .object([:]), "items": []]
    }

    static func apiVersions(_ registry: ResourceRegistry, serverAddress: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    static func apiGroupList(_ registry: ResourceRegistry) -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": []]
    }

    static func apiGroup(_ registry: ResourceRegistry, _ group: String) -> JSONValue? { nil }

    static func apiResourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? { nil }

    static func openAPIRoot(_ registry: ResourceRegistry) -> JSONValue { ["paths": .object([:])] }

    static func openAPIDocument(_ registry: ResourceRegistry, path: String) -> JSONValue? { nil }
}
