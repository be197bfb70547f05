/// How a subcommand's answer is to be printed: `-o`, `--no-headers`, and whether colour is on.
public struct OutputStyle: Sendable, Hashable {
    /// `-o`.
    public var format: OutputFormat
    /// False with `--no-headers`.
    public var headers: Bool
    /// Colour for a terminal, plain otherwise.
    public var colors: Colorizer

    /// A style; plain table with headers by default.
    public init(format: OutputFormat = .table, headers: Bool = true, colors: Colorizer = .plain) {
        self.format = format
        self.headers = headers
        self.colors = colors
    }
}

/// What a subcommand produced: text for standard output, notes for standard error (what could not
/// be read, what happens next) that never mix into output a script parses, and the exit code.
public struct PluginOutput: Sendable, Hashable {
    /// Printed on standard output as is.
    public var stdout: String
    /// Printed on standard error as is.
    public var stderr: String
    /// How the process ends.
    public var exitCode: PluginExitCode

    /// An answer.
    public init(stdout: String = "", stderr: String = "", exitCode: PluginExitCode = .success) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// `note: ...` lines for standard error.
    static func notes(_ notes: [String]) -> String {
        notes.map { "note: \($0)\n" }.joined()
    }
}
