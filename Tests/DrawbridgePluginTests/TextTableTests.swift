import DrawbridgePlugin
import Testing

@Suite("Text tables")
struct TextTableTests {
    @Test("Columns align like kubectl's: at least 6 wide, 3 spaces of padding, the last column unpadded")
    func alignment() {
        let table = TextTable(
            headers: ["NAME", "ID", "PHASE"], rows: [["a", "1", "Pending"], ["longer-name", "22", "Active"]])
        #expect(
            table.render() == """
                NAME          ID    PHASE
                a             1     Pending
                longer-name   22    Active

                """)
    }

    @Test("--no-headers drops the header line; an empty table without headers prints nothing")
    func noHeaders() {
        let table = TextTable(headers: ["NAME", "AGE"], rows: [["x", "5m"]])
        #expect(table.render(headers: false) == "x     5m\n")
        #expect(TextTable(headers: ["NAME"], rows: []).render(headers: false) == "")
        #expect(TextTable(headers: ["NAME"], rows: []).render() == "NAME\n")
    }

    @Test("Colour codes wrap the text but never count toward a column's width; trailing blanks are trimmed")
    func colours() {
        let table = TextTable(
            headers: ["PHASE", "NAME", "NOTE"], rows: [[TextTable.Cell("Active", style: .good), "x", ""]])
        #expect(
            table.render(headers: false, colors: Colorizer(enabled: true)) == "\u{1B}[32mActive\u{1B}[0m   x\n")
        #expect(table.render(headers: false) == "Active   x\n")
    }

    @Test("Colour is on only for a terminal, and NO_COLOR or TERM=dumb turn it off")
    func terminalDetection() {
        #expect(Colorizer.forTerminal(isTerminal: true, environment: [:]).enabled)
        #expect(!Colorizer.forTerminal(isTerminal: false, environment: [:]).enabled)
        #expect(!Colorizer.forTerminal(isTerminal: true, environment: ["NO_COLOR": "1"]).enabled)
        #expect(!Colorizer.forTerminal(isTerminal: true, environment: ["TERM": "dumb"]).enabled)
        #expect(Colorizer.forTerminal(isTerminal: true, environment: ["NO_COLOR": ""]).enabled)
    }
}
