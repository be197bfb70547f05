import APIServerEmulator
import FuzzSupport

/// Field selectors as a client sends them (`?fieldSelector=`, escapes included): any text parses or
/// is refused with a `SelectorError`; a parsed one is checked against each builtin kind's selectable
/// fields and matched against an object's fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFieldSelector(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let query = try? FieldSelectorQuery(parsing: FuzzInput(data, size).text) else { return 0 }
    for type in BuiltinResources.all {
        try? query.validate(
            allowed: FieldSelectorQuery.allowedFields(for: type), resourceDescription: "\(type.plural).\(type.group)")
    }
    _ = query.matches(["metadata.name": "a", "metadata.namespace": "demo", "status.phase": "Active"])
    var named: [String: String] = [:]
    for term in query.terms { named[term.field] = term.value }
    _ = query.matches(named)
    if let name = query.requiredValue(of: "metadata.name") {
        invariant(query.terms.contains { $0.field == "metadata.name" && $0.value == name }, "requiredValue \(name)")
    }
    return 0
}
