import DrawbridgeAPI
import Foundation

/// A Dockerfile read into stages of instructions, enough to check its structure in tests.
///
/// Exists because no image is built in the tests (no daemon, and a release build takes minutes):
/// the Dockerfile's promises (a build stage, a static release binary, a non-root user, an entry
/// point that is the copied binary) are checked on its text instead.
struct Dockerfile {
    /// One instruction: the keyword upper-cased, the rest of the (joined) line as written.
    struct Instruction: Equatable {
        var keyword: String
        var arguments: String

        /// The flags before the first plain argument (`--from=build`), and the plain arguments,
        /// split on whitespace (shell form) or decoded (JSON exec form).
        var flags: [String] { words.prefix { $0.hasPrefix("--") }.map { $0 } }
        var operands: [String] {
            if arguments.hasPrefix("["), let array = try? JSONValue.parse(Array(arguments.utf8)).arrayValue {
                return array.compactMap(\.stringValue)
            }
            return Array(words.drop { $0.hasPrefix("--") })
        }
        private var words: [String] { arguments.split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    /// Instructions from one `FROM` to the next.
    struct Stage {
        /// The base image (`swift:6.3-noble`).
        var image: String
        /// The `AS` name, if any.
        var name: String?
        var instructions: [Instruction]

        func all(_ keyword: String) -> [Instruction] { instructions.filter { $0.keyword == keyword } }
        func last(_ keyword: String) -> Instruction? { all(keyword).last }
    }

    var stages: [Stage] = []

    /// Parses `text`: comments and blank lines dropped, `\` continuations joined.
    init(_ text: String) {
        var logical: [String] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && pending.isEmpty) { continue }
            if line.hasSuffix("\\") {
                pending += String(line.dropLast()) + " "
                continue
            }
            logical.append(pending + line)
            pending = ""
        }
        if !pending.isEmpty { logical.append(pending) }
        for line in logical where !line.isEmpty {
            let keyword = String(line.prefix { !$0.isWhitespace }).uppercased()
            let arguments = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            let instruction = Instruction(keyword: keyword, arguments: arguments)
            if keyword == "FROM" {
                let words = instruction.operands
                let named = words.count >= 3 && words[1].uppercased() == "AS"
                stages.append(Stage(image: words.first ?? "", name: named ? words[2] : nil, instructions: []))
            } else if !stages.isEmpty {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
    }

    /// The stage named `name`.
    func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }
}
