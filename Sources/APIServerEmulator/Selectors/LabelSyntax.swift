/// Label key and value validation as `k8s.io/apimachinery/pkg/util/validation` does it, with the same
/// wording, so selector errors read like the real server's.
enum LabelSyntax {
    static let qualifiedNameRegex = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueRegex = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
    static let dns1123SubdomainRegex = #"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"#
    static let nameFormat =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
        + qualifiedNameRegex + "')"

    /// Problems with a label key (`[prefix/]name`); empty when the key is valid.
    static func keyErrors(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        var errors: [String] = []
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else if !isDNS1123Subdomain(prefix) {
                errors.append(
                    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                        + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                        + "regex used for validation is '\(dns1123SubdomainRegex)')")
            } else if prefix.count > 253 {
                errors.append("prefix part must be no more than 253 characters")
            }
        default:
            return [
                "a qualified name " + nameFormat
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.count > 63 {
            errors.append("name part must be no more than 63 characters")
        }
        if !name.isEmpty && !isQualifiedNamePart(name) {
            errors.append("name part " + nameFormat)
        }
        return errors
    }

    /// Problems with a label value; empty when the value is valid (the empty string is valid).
    static func valueErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append("must be no more than 63 characters") }
        if !value.isEmpty && !isQualifiedNamePart(value) {
            errors.append(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                    + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
                    + "used for validation is '\(labelValueRegex)')")
        }
        return errors
    }

    private static func isAlphanumeric(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber)
    }

    /// Matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` for a non-empty string.
    private static func isQualifiedNamePart(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return text.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// Matches a lower-case RFC 1123 subdomain.
    private static func isDNS1123Subdomain(_ text: String) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            let lowerAlnum: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            return lowerAlnum(first) && lowerAlnum(last) && label.allSatisfy { lowerAlnum($0) || $0 == "-" }
        }
    }
}
