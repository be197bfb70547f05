import DrawbridgeAPI
import Foundation

/// Builds the `meta.k8s.io/v1` Table kubectl asks for with `Accept: application/json;as=Table;…`.
///
/// Exists because `kubectl get` prints only what the server puts in the Table: columns, cells and
/// (by default) each row's metadata, which kubectl uses for names, namespaces and `-w` bookkeeping.
public enum TablePrinter {
    /// A Table for a list (or a single get, with one object). `listResourceVersion` becomes
    /// `metadata.resourceVersion` (what `kubectl get -w` watches from); `continueToken` becomes
    /// `metadata.continue` when present. `includeColumnDefinitions: false` leaves
    /// `columnDefinitions` out, as the API server does for watch events after the first.
    public static func table(
        type: ResourceType, objects: [JSONValue], listResourceVersion: String, continueToken: String?,
        includeObject: IncludeObject, now: Date, includeColumnDefinitions: Bool = true
    ) -> JSONValue {
        let printer = RowPrinter.printer(for: type)
        var metadata: [String: JSONValue] = ["resourceVersion": .string(listResourceVersion)]
        if let continueToken, !continueToken.isEmpty { metadata["continue"] = .string(continueToken) }
        var table: [String: JSONValue] = [
            "kind": .string("Table"),
            "apiVersion": .string("meta.k8s.io/v1"),
            "metadata": .object(metadata),
            "rows": .array(objects.map { row(for: $0, printer: printer, includeObject: includeObject, now: now) }),
        ]
        if includeColumnDefinitions {
            table["columnDefinitions"] = .array(printer.columns.map(\.json))
        }
        return .object(table)
    }

    /// The one-row Table sent as a watch event's `object` when the watch asked for Tables.
    /// Its `metadata.resourceVersion` is the object's; pass `isFirstEvent: true` only for the first
    /// event of the stream, which alone carries `columnDefinitions`.
    public static func watchEventTable(
        type: ResourceType, object: JSONValue, includeObject: IncludeObject, now: Date, isFirstEvent: Bool
    ) -> JSONValue {
        table(
            type: type, objects: [object],
            listResourceVersion: object[path: ["metadata", "resourceVersion"]]?.stringValue ?? "",
            continueToken: nil, includeObject: includeObject, now: now, includeColumnDefinitions: isFirstEvent)
    }

    /// The column definitions `type`'s Tables carry.
    public static func columns(for type: ResourceType) -> [TableColumn] {
        RowPrinter.printer(for: type).columns
    }

    /// One object's cells, aligned with `columns(for:)`.
    public static func cells(for type: ResourceType, object: JSONValue, now: Date) -> [JSONValue] {
        RowPrinter.printer(for: type).cells(object, now)
    }

    /// The `PartialObjectMetadata` a row carries with `includeObject=Metadata`: the object's
    /// metadata without `managedFields`.
    public static func partialObjectMetadata(of object: JSONValue) -> JSONValue {
        var metadata = object["metadata"]?.objectValue ?? [:]
        metadata["managedFields"] = nil
        return .object([
            "kind": .string("PartialObjectMetadata"),
            "apiVersion": .string("meta.k8s.io/v1"),
            "metadata": .object(metadata),
        ])
    }

    private static func row(for object: JSONValue, printer: RowPrinter, includeObject: IncludeObject, now: Date)
        -> JSONValue
    {
        var cells = printer.cells(object, now)
        // Keep cells aligned with columns even if a printer is off by one.
        if cells.count < printer.columns.count {
            cells += Array(repeating: JSONValue.null, count: printer.columns.count - cells.count)
        } else if cells.count > printer.columns.count {
            cells = Array(cells.prefix(printer.columns.count))
        }
        var row: [String: JSONValue] = ["cells": .array(cells)]
        switch includeObject {
        case .none: break
        case .metadata: row["object"] = partialObjectMetadata(of: object)
        case .object: row["object"] = object
        }
        return .object(row)
    }
}
