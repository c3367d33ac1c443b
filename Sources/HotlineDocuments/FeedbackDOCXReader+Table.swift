import HotlineXML

/// The form table of a DOCX feedback sheet (`word/document.xml`) as `FeedbackSheetTable`
/// (issue 9 item 5): each `w:tr` (ECMA-376 Part 1 §17.4.79), each `w:tc` of it (§17.4.66; a
/// horizontal span is one cell with `w:gridSpan`), and the text of its paragraphs with the
/// results of its `DOCVARIABLE` fields kept apart from what was typed beside them.
///
/// A field is either complex — runs holding `w:fldChar` begin, `w:instrText`, separate, the
/// result, end (§17.16.18) — or `w:fldSimple` (§17.16.19). Deleted text (`w:del`, `w:delText`)
/// is not read; inserted text (`w:ins`) is.
enum DOCXSheetTable {
    static func table(under root: XMLElement) -> FeedbackSheetTable {
        let rows = root.descendants(localName: "tr").filter(FeedbackDOCXReader.isWord).map { row in
            row.children.filter { $0.localName == "tc" && FeedbackDOCXReader.isWord($0) }.map(cell)
        }
        return FeedbackSheetTable(rows: rows)
    }

    /// A cell: its paragraphs in order (inside content controls too); a nested table is not part of it.
    static func cell(_ element: XMLElement) -> FeedbackSheetTable.Cell {
        var reading = CellRuns()
        for paragraph in paragraphs(of: element) {
            reading.newParagraph()
            reading.read(paragraph)
        }
        return reading.text.cell
    }

    private static func paragraphs(of element: XMLElement) -> [XMLElement] {
        element.children.filter(FeedbackDOCXReader.isWord).flatMap { child -> [XMLElement] in
            switch child.localName {
            case "p": return [child]
            case "sdt", "sdtContent", "customXml": return paragraphs(of: child)
            default: return []
            }
        }
    }

    /// The runs of one cell, with the fields open at each point.
    struct CellRuns {
        var text = ODTSheetTable.CellText()
        /// The fields begun and not ended: their instruction so far, and whether their result began.
        private var open: [(instruction: String, inResult: Bool, named: Bool)] = []

        /// Inside a field's result (shown, not typed) or its instruction (neither).
        private var inResult: Bool { !open.isEmpty }
        private var inInstruction: Bool { open.last.map { !$0.inResult } ?? false }

        mutating func newParagraph() { text.newParagraph() }

        mutating func read(_ element: XMLElement) {
            for child in element.children where FeedbackDOCXReader.isWord(child) {
                switch child.localName {
                case "r": run(child)
                case "fldSimple":
                    name(FeedbackDOCXReader.wordAttribute(child, "instr") ?? "")
                    // A stray fldChar "end" inside must not pop below where this field began.
                    let depth = open.count
                    open.append(("", true, true))
                    read(child)
                    open.removeSubrange(min(depth, open.count)...)
                case "del", "moveFrom", "pPr", "rPr": continue
                default: read(child)  // w:ins, w:hyperlink, w:smartTag, w:sdt …
                }
            }
        }

        private mutating func run(_ run: XMLElement) {
            for child in run.children where FeedbackDOCXReader.isWord(child) {
                switch child.localName {
                case "fldChar":
                    switch FeedbackDOCXReader.wordAttribute(child, "fldCharType") {
                    case "begin": open.append(("", false, false))
                    case "separate": endInstruction()
                    case "end":
                        endInstruction()
                        if !open.isEmpty { open.removeLast() }
                    default: break
                    }
                case "instrText":
                    if inInstruction { open[open.count - 1].instruction += child.text }
                case "t": if !inInstruction { text.append(child.text, inField: inResult) }
                case "tab": if !inInstruction { text.append("\t", inField: inResult) }
                case "br", "cr": if !inInstruction { text.append("\n", inField: inResult) }
                case "noBreakHyphen": if !inInstruction { text.append("-", inField: inResult) }
                default: continue
                }
            }
        }

        /// The instruction of the innermost field is complete: a `DOCVARIABLE` names its field.
        private mutating func endInstruction() {
            guard let last = open.last, !last.inResult else { return }
            open[open.count - 1].inResult = true
            if !last.named { name(last.instruction) }
        }

        private mutating func name(_ instruction: String) {
            if let variable = Self.documentVariable(instruction) { text.cell.fields.append(variable) }
        }

        /// The variable of ` DOCVARIABLE name \* MERGEFORMAT ` (§17.16.5.16), or nil for another field.
        static func documentVariable(_ instruction: String) -> String? {
            let words = instruction.split(whereSeparator: \.isWhitespace)
            guard words.count >= 2, words[0].uppercased() == "DOCVARIABLE" else { return nil }
            let name = words[1].trimmingCharacters(in: ["\""])
            return name.isEmpty ? nil : name
        }
    }
}
