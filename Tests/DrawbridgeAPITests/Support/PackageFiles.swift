import DrawbridgeAPI
import DrawbridgeTesting
import Foundation

/// Finds the package's own files (CRDs, examples) from this source file's location, so tests work
/// from any working directory.
enum PackageFiles {
    /// The text of a file given relative to the package root.
    static func text(_ relativePath: String) throws -> String { try PackageRoot.text(relativePath) }

    /// Every `.yaml`/`.yml` file below `folder` (relative to the root), recursively, sorted.
    static func yamlFiles(under folder: String) -> [String] { PackageRoot.yamlFiles(under: folder) }

    /// The CRD in `crds/<file>`.
    static func crd(_ file: String) throws -> CustomResourceDefinition {
        let documents = try YAMLJSON.documents(in: text("crds/\(file)"))
        guard documents.count == 1, let document = documents.first else {
            throw TestFailure("crds/\(file) should hold exactly one document, found \(documents.count)")
        }
        return try document.decode(as: CustomResourceDefinition.self)
    }

    /// Every CRD under `crds/`, by kind.
    static func crdsByKind() throws -> [String: CustomResourceDefinition] {
        var result: [String: CustomResourceDefinition] = [:]
        for path in yamlFiles(under: "crds") {
            for document in try YAMLJSON.documents(in: text(path))
            where document["kind"]?.stringValue == CustomResourceDefinition.kind {
                let crd = try document.decode(as: CustomResourceDefinition.self)
                result[crd.spec.names.kind] = crd
            }
        }
        return result
    }

    /// The storage version's `openAPIV3Schema` of a CRD.
    static func schema(of crd: CustomResourceDefinition) throws -> JSONSchemaProps {
        guard let schema = crd.storageVersion?.openAPIV3Schema else {
            throw TestFailure("\(crd.metadata.name ?? "?") has no storage version schema")
        }
        return schema
    }

    static let accessRequestCRD = "drawbridge.dev_accessrequests.yaml"
    static let clusterAccessRequestCRD = "drawbridge.dev_clusteraccessrequests.yaml"
    static let accessPolicyCRD = "drawbridge.dev_accesspolicies.yaml"
    static let notificationChannelCRD = "drawbridge.dev_notificationchannels.yaml"
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
