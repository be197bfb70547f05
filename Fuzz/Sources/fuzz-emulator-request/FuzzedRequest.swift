import APIServerEmulator

/// A fuzz input read as a small HTTP request: `METHOD TARGET` on the first line, then `Name: value`
/// header lines up to an empty line, then the body. Seeds are written in this form, so they read like
/// the requests kubectl sends. Without an `Authorization` header the request is the cluster admin's.
struct FuzzedRequest {
    let request: APIRequest

    init?(_ bytes: [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = lines.first else { return nil }
        let requestLine = String(decoding: first, as: UTF8.self).split(separator: " ", maxSplits: 1)
        guard requestLine.count == 2 else { return nil }
        var headers: [String: String] = ["Authorization": "Bearer \(SeededEmulator.adminToken)"]
        var rest = lines.count > 1 ? Array(lines[1]) : []
        while !rest.isEmpty {
            lines = rest.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
            let line = String(decoding: lines[0], as: UTF8.self)
            rest = lines.count > 1 ? Array(lines[1]) : []
            guard !line.isEmpty else { break }
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            headers[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        request = APIRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: rest)
    }
}
