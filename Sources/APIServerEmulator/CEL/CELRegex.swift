/// `matches()`: CEL specifies RE2; the emulator uses Swift's `Regex`, whose syntax agrees with RE2
/// on what match conditions use (classes, anchors, alternation, repetition, groups) but also accepts
/// some constructs RE2 refuses (backreferences, lookaround). Like RE2's `MatchString`, a match
/// anywhere in the string counts; anchor with `^...$` for a whole-string match.
enum CELRegex {
    /// Compiles `pattern`, or explains why it is not a valid expression.
    static func compile(_ pattern: String) throws(CELEvaluationError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid syntax"
            throw CELEvaluationError("invalid regular expression '\(pattern)': \(reason)")
        }
    }

    /// True when `pattern` matches somewhere in `text`.
    static func matches(_ text: String, _ pattern: String) throws(CELEvaluationError) -> Bool {
        let regex = try compile(pattern)
        return text.contains(regex)
    }
}
