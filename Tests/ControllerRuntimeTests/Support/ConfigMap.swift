import DrawbridgeAPI

/// A minimal core/v1 ConfigMap, enough to drive informers against the emulator.
struct ConfigMap: KubeResource {
    static let apiVersion = "v1"
    static let kind = "ConfigMap"
    static let plural = "configmaps"
    static let isNamespaced = true

    var metadata: ObjectMeta
    var data: [String: String]?

    init(_ name: String, namespace: String = "demo", labels: [String: String]? = nil, data: [String: String]? = nil) {
        self.metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, data }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        data = try c.decodeIfPresent([String: String].self, forKey: .data)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.apiVersion, forKey: .apiVersion)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(data, forKey: .data)
    }
}

/// A ConfigMap read through a stricter schema than the server enforces: `data.port` must be an
/// integer. The API server stores any string there, so a ConfigMap with `port: eighty` is accepted
/// by the server but does not decode: exactly the schema drift an informer must survive.
struct PortConfig: KubeResource {
    static let apiVersion = "v1"
    static let kind = "ConfigMap"
    static let plural = "configmaps"
    static let isNamespaced = true

    var metadata: ObjectMeta
    var port: Int

    enum CodingKeys: String, CodingKey { case metadata, data }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        let data = try c.decodeIfPresent([String: String].self, forKey: .data) ?? [:]
        guard let port = data["port"].flatMap(Int.init) else {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: c,
                debugDescription: "data.port must be an integer, found \(data["port"] ?? "nothing")")
        }
        self.port = port
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(["port": String(port)], forKey: .data)
    }
}
