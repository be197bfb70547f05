/// A Prometheus text exposition (format 0.0.4) read back for assertions: each sample's value by
/// metric name and labels, and each family's `# TYPE`. Tests scrape `/metrics` and compare numbers
/// before and after something happens, rather than matching rendered text.
public struct PrometheusText: Sendable {
    /// One sample line: `name{label="value",...} number`.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public var samples: [Sample] = []
    /// `# TYPE` lines: family name to counter, gauge, histogram, ...
    public var types: [String: String] = [:]
    /// `# HELP` lines: family name to its help text (escapes left as written).
    public var help: [String: String] = [:]
    /// Lines that did not parse (a test should expect none).
    public var malformed: [String] = []

    public init(_ text: String) {
        for line in text.split(separator: "\n") where !line.isEmpty {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 {
                    types[String(parts[2])] = String(parts[3])
                } else {
                    malformed.append(String(line))
                }
            } else if line.hasPrefix("# HELP ") {
                let parts = line.split(separator: " ", maxSplits: 3)
                if parts.count == 4 {
                    help[String(parts[2])] = String(parts[3])
                } else {
                    malformed.append(String(line))
                }
            } else if line.hasPrefix("#") {
                continue
            } else if let sample = Self.sample(line) {
                samples.append(sample)
            } else {
                malformed.append(String(line))
            }
        }
    }

    /// The value of the sample named `name` with exactly `labels`; nil when there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The sum over every sample named `name` whose labels include `labels` (0 when there is none):
    /// e.g. all API requests whatever their verb and code.
    public func total(_ name: String, where labels: [String: String] = [:]) -> Double {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    static func sample(_ line: Substring) -> Sample? {
        var labels: [String: String] = [:]
        let name: Substring
        let rest: Substring
        if let brace = line.firstIndex(of: "{") {
            name = line[..<brace]
            var index = line.index(after: brace)
            // key="value" pairs, values with \" \\ \n escapes, separated by commas, up to "}".
            while index < line.endIndex, line[index] != "}" {
                guard let equals = line[index...].firstIndex(of: "="), line.index(after: equals) < line.endIndex,
                    line[line.index(after: equals)] == "\""
                else { return nil }
                let key = String(line[index..<equals])
                var value = ""
                var cursor = line.index(equals, offsetBy: 2)
                while cursor < line.endIndex, line[cursor] != "\"" {
                    if line[cursor] == "\\", line.index(after: cursor) < line.endIndex {
                        cursor = line.index(after: cursor)
                        value.append(line[cursor] == "n" ? "\n" : line[cursor])
                    } else {
                        value.append(line[cursor])
                    }
                    cursor = line.index(after: cursor)
                }
                guard cursor < line.endIndex else { return nil }
                labels[key] = value
                index = line.index(after: cursor)
                if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
            }
            guard index < line.endIndex else { return nil }
            rest = line[line.index(after: index)...]
        } else {
            guard let space = line.firstIndex(of: " ") else { return nil }
            name = line[..<space]
            rest = line[space...]
        }
        let number = rest.trimmingPrefix(" ").split(separator: " ").first.map(String.init) ?? ""
        let value: Double? =
            switch number {
            case "+Inf": .infinity
            case "-Inf": -.infinity
            default: Double(number)
            }
        guard let value, !name.isEmpty else { return nil }
        return Sample(name: String(name), labels: labels, value: value)
    }
}
