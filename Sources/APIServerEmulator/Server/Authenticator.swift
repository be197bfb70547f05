import Foundation

/// Bearer-token authentication in kube-apiserver's `--token-auth-file` CSV format
/// (`token,user,uid,"group1,group2"`), with the demo users Drawbridge's quickstart uses.
public struct Authenticator: Sendable {
    public var tokens: [String: UserInfo]
    /// Who a request without credentials is (nil: 401). Plain-HTTP test servers set this to an admin.
    public var anonymous: UserInfo?

    public init(tokens: [String: UserInfo], anonymous: UserInfo? = nil) {
        self.tokens = tokens
        self.anonymous = anonymous
    }

    /// Demo identities: admin in `system:masters`; alice in `developers`; bob and carol in `sre`. Each
    /// token is `<user>-<suffix>` so several emulators never share credentials by accident.
    public static func demo(tokenSuffix: String) -> Authenticator {
        let users = [
            UserInfo(username: "admin", uid: "uid-admin", groups: ["system:masters"]),
            UserInfo(username: "alice", uid: "uid-alice", groups: ["developers"]),
            UserInfo(username: "bob", uid: "uid-bob", groups: ["sre"]),
            UserInfo(username: "carol", uid: "uid-carol", groups: ["sre"]),
        ]
        return Authenticator(
            tokens: Dictionary(uniqueKeysWithValues: users.map { ("\($0.username)-\(tokenSuffix)", $0) }))
    }

    /// Parses a token file; blank lines and `#` comments are skipped. Errors name the line.
    public static func parse(tokenFile text: String) throws -> Authenticator {
        var tokens: [String: UserInfo] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = csvFields(line)
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw TokenFileError(line: index + 1, message: "expected token,user,uid[,\"group1,group2\"]")
            }
            let groups =
                fields.count > 3 ? fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
            tokens[fields[0]] = UserInfo(username: fields[1], uid: fields[2], groups: groups.filter { !$0.isEmpty })
        }
        return Authenticator(tokens: tokens)
    }

    /// The caller of a request with these headers; nil means 401.
    public func authenticate(_ headers: [String: String]) -> UserInfo? {
        guard let authorization = headers["authorization"] else { return anonymous }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return tokens[String(parts[1]).trimmingCharacters(in: .whitespaces)]
    }

    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted:
                fields.append(current)
                current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// A malformed line in a token file.
public struct TokenFileError: Error, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "token file line \(line): \(message)" }
}
