import APIServerEmulator
import DrawbridgeAPI
import FuzzSupport

/// Label selectors as a client sends them (`?labelSelector=`): any text parses or is refused with a
/// `SelectorError`, and a parsed selector can be matched against any labels. Requirements come out
/// sorted by key, as the real server sorts them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabelSelector(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let query = try? LabelSelectorQuery(parsing: FuzzInput(data, size).text) else { return 0 }
    let keys = query.requirements.map(\.key)
    invariant(keys == keys.sorted(), "requirements not sorted by key: \(keys)")
    for labels in labelSets {
        _ = query.matches(labels)
    }
    // Every label the selector names, with each value it names: exercises the value comparisons.
    var named: [String: String] = [:]
    for requirement in query.requirements { named[requirement.key] = requirement.values.first ?? "" }
    _ = query.matches(named)
    return 0
}

private let labelSets: [[String: String]] = [
    [:], ["app": "drawbridge", "tier": "web"], ["kubernetes.io/metadata.name": "demo", "n": "42"],
]
