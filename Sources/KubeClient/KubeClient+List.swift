import DrawbridgeAPI
import Foundation

/// Lists, one page or all of them. `forCache` decodes the items as informer caches keep them
/// (`CacheDecoding`: no `managedFields`).
extension KubeClient {
    /// One page of a list. Items that do not decode are returned apart, never dropped silently.
    public func list<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        limit: Int? = nil, continueToken: String? = nil, forCache: Bool = false
    ) async throws -> ObjectList<R> {
        let request = Self.listRequest(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken)
        return try decodePage(R.self, from: try await send(request), request, forCache: forCache)
    }

    /// Every page of a list, `pageSize` items at a time; the resourceVersion is the first page's.
    ///
    /// The next page is asked for before this one is decoded (its continue token is read first, from
    /// the page's metadata alone), so the server prepares it while this process decodes: the two took
    /// turns before, each idle while the other worked.
    ///
    /// `each` is applied to every item as its page is decoded (an informer shares repeated strings
    /// there), so a page's decoding leftovers are freed before the next page is read instead of
    /// every item's living until the last page.
    public func listAll<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, labelSelector: String? = nil, pageSize: Int = 500,
        forCache: Bool = false, each: (R) -> R = { $0 }
    ) async throws -> ObjectList<R> {
        func request(after token: String?) -> KubeRequest {
            Self.listRequest(
                type, namespace: namespace, labelSelector: labelSelector, limit: pageSize, continueToken: token)
        }
        var result = ObjectList<R>(items: [], resourceVersion: "")
        var isFirst = true
        func take(_ page: ObjectList<R>) {
            if isFirst {
                result.resourceVersion = page.resourceVersion
                isFirst = false
            }
            result.items.append(contentsOf: page.items.lazy.map(each))
            result.undecodable += page.undecodable
        }
        var current = request(after: nil)
        var response = try await send(current)
        while true {
            if let token = Self.continueToken(of: response) {
                let following = request(after: token)
                async let prefetched = send(following)
                take(try decodePage(R.self, from: response, current, forCache: forCache))
                (current, response) = (following, try await prefetched)
            } else {
                // The last page (the full decode reads the same metadata, so it finds no token either).
                take(try decodePage(R.self, from: response, current, forCache: forCache))
                return result
            }
        }
    }

    /// A GET of the collection with the list's query parameters.
    static func listRequest<R: KubeResource>(
        _ type: R.Type, namespace: String?, labelSelector: String?, fieldSelector: String? = nil, limit: Int?,
        continueToken: String?
    ) -> KubeRequest {
        var query: [KubeRequest.QueryItem] = []
        if let labelSelector { query.append(.init("labelSelector", labelSelector)) }
        if let fieldSelector { query.append(.init("fieldSelector", fieldSelector)) }
        if let limit { query.append(.init("limit", String(limit))) }
        if let continueToken { query.append(.init("continue", continueToken)) }
        return KubeRequest(method: "GET", path: ResourcePath.collection(type, namespace: namespace), query: query)
    }

    /// The page's `metadata.continue` read without decoding its items; nil when there is none (or
    /// the page does not parse: the full decode then says why).
    static func continueToken(of response: KubeResponse) -> String? {
        guard let page = try? JSONCoding.decoder.decode(ListMetadataOnly.self, from: Data(response.body)),
            let token = page.metadata?.continue, !token.isEmpty
        else { return nil }
        return token
    }

    /// Decodes one list page.
    func decodePage<R: KubeResource>(
        _ type: R.Type, from response: KubeResponse, _ request: KubeRequest, forCache: Bool
    ) throws -> ObjectList<R> {
        // The common case first: every item decodes, straight from the bytes. Only a page with an
        // item that does not decode pays for the JSONValue tree and the item-by-item decode below.
        let decoder = forCache ? CacheDecoding.decoder : JSONCoding.decoder
        if let page = try? decoder.decode(TypedListPage<R>.self, from: Data(response.body)) {
            let continueValue = page.metadata?.continue
            return ObjectList(
                items: page.items ?? [], resourceVersion: page.metadata?.resourceVersion ?? "",
                continueToken: continueValue?.isEmpty == false ? continueValue : nil)
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(response.body)
        } catch {
            throw DecodingFailure(operation: operation(request), detail: "\(error)")
        }
        var items: [R] = []
        var undecodable: [UndecodableObject] = []
        for item in json["items"]?.arrayValue ?? [] {
            do {
                items.append(try item.decode(as: R.self, using: decoder))
            } catch {
                undecodable.append(UndecodableObject(raw: item, error: "\(error)"))
            }
        }
        let continueValue = json["metadata"]?["continue"]?.stringValue
        return ObjectList(
            items: items, undecodable: undecodable,
            resourceVersion: json["metadata"]?["resourceVersion"]?.stringValue ?? "",
            continueToken: continueValue?.isEmpty == false ? continueValue : nil)
    }
}

/// A list's `metadata`.
struct ListMetadata: Decodable {
    var resourceVersion: String?
    var `continue`: String?
}

/// A list page whose items all decode as `R`.
struct TypedListPage<R: KubeResource>: Decodable {
    var metadata: ListMetadata?
    var items: [R]?
}

/// A list page read for its metadata only: the items are skipped, not decoded.
struct ListMetadataOnly: Decodable {
    var metadata: ListMetadata?
}
