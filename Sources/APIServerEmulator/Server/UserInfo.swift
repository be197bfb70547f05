/// An authenticated caller, as kube-apiserver's authenticators produce it.
public struct UserInfo: Hashable, Sendable {
    public var username: String
    public var uid: String
    public var groups: [String]

    public init(username: String, uid: String = "", groups: [String] = []) {
        self.username = username
        self.uid = uid
        self.groups = groups
    }

    /// Members of `system:masters` bypass authorization, as on a real cluster.
    public var isMaster: Bool { groups.contains("system:masters") }

    /// The JSON shape of `authentication.k8s.io/v1 UserInfo` (used in reviews and AdmissionReview).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "username": .string(username), "groups": .array(groups.map(JSONValue.string)),
        ]
        if !uid.isEmpty { fields["uid"] = .string(uid) }
        return .object(fields)
    }
}

import DrawbridgeAPI
