/// Columns aligned the way `kubectl get` aligns them (Go's tabwriter with kubectl's settings: cells
/// at least 6 wide, 3 spaces of padding, the last column unpadded), so the plugin's tables read like
/// every other table in the terminal and `awk '{print $1}'` habits keep working.
public struct TextTable: Sendable, Hashable {
    /// One cell: the text that counts for alignment, and an optional style applied around it.
    public struct Cell: Sendable, Hashable, ExpressibleByStringLiteral {
        /// The visible text.
        public var text: String
        /// How to colour it on a terminal.
        public var style: Colorizer.Style?

        /// A cell showing `text`, styled when `style` is given and colour is on.
        public init(_ text: String, style: Colorizer.Style? = nil) {
            self.text = text
            self.style = style
        }

        /// A plain cell.
        public init(stringLiteral text: String) {
            self.init(text)
        }
    }

    /// Upper-case column titles.
    public var headers: [String]
    /// The rows, each as long as `headers`.
    public var rows: [[Cell]]

    /// kubectl's tabwriter minimum cell width, padding included.
    static let minimumWidth = 6
    /// kubectl's tabwriter padding between columns.
    static let padding = 3

    /// A table with `headers` and `rows`.
    public init(headers: [String], rows: [[Cell]]) {
        self.headers = headers
        self.rows = rows
    }

    /// The table as lines ending in a newline; nothing at all for an empty table without headers.
    /// Colour codes never count toward a column's width.
    public func render(headers showHeaders: Bool = true, colors: Colorizer = .plain) -> String {
        var lines: [[Cell]] = showHeaders ? [headers.map { Cell($0) }] : []
        lines += rows
        guard !lines.isEmpty else { return "" }
        let columns = headers.count
        var widths = Array(repeating: 0, count: columns)
        for line in lines {
            for (index, cell) in line.enumerated() where index < columns {
                widths[index] = max(widths[index], cell.text.count)
            }
        }
        var output = ""
        for line in lines {
            var text = ""
            for (index, cell) in line.enumerated() where index < columns {
                let shown = colors.apply(cell.style, to: cell.text)
                if index == columns - 1 {
                    text += shown
                } else {
                    let width = max(Self.minimumWidth, widths[index] + Self.padding)
                    text += shown + String(repeating: " ", count: width - cell.text.count)
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            output += text + "\n"
        }
        return output
    }
}
