import Foundation
import HotlineCore
import XCTest

@testable import HotlineDocuments

/// The blank feedback sheet filled the way clerks fill forms (issue 9 item 5), in the real
/// LibreOffice: click into the empty cell beside each label and type; Table ▸ Insert ▸ Rows
/// Below for a second cited policy; save as `.odt`, or as `.docx` for a unit on Word or WPS.
/// Every value must read as typed. Skipped when `soffice` is not installed (CI installs it).
final class FeedbackTypedSheetLibreOfficeTests: XCTestCase {
    let reader = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)

    /// What the clerk does, in order: type `value` into the cell of `field`, or add a row below
    /// the row of `field` (below the rows added there before), or type into an added row under
    /// `field`'s column.
    enum Keystrokes {
        case type(_ field: String, _ value: String)
        case addRowBelow(_ field: String)
        case typeInAddedRow(under: String, _ value: String)

        var line: String {
            switch self {
            case let .type(field, value): return "\(field)=\(Self.escaped(value))"
            case let .addRowBelow(field): return "+\(field)"
            case let .typeInAddedRow(field, value): return "+\(field)=\(Self.escaped(value))"
            }
        }

        /// A newline (Enter: a new paragraph) is written as `\n` and undone by the macro.
        static func escaped(_ value: String) -> String { value.replacingOccurrences(of: "\n", with: "\\n") }
    }

    /// A complete, correct answer (the fixtures' answer, without countersign or extension, and a
    /// result of two paragraphs: Enter typed in the cell).
    static var expected: FeedbackSheet.Answer {
        var a = FormFixtures.answer
        a.result = a.result.map { $0 + "\n罚款已缴纳。" }
        (a.countersignUnit, a.countersign, a.extensionUntil, a.extensionReason) = (nil, nil, nil, nil)
        return a
    }

    /// `expected` typed into the cells, its second citation in an added row.
    static var keystrokes: [Keystrokes] {
        let a = expected, first = a.citations[0], second = a.citations[1]
        let cells: [(String, String?)] = [
            ("result", a.result), ("petitioner_contact", a.petitionerContact), ("satisfaction", a.satisfaction),
            ("responsible_unit", a.responsibleUnit), ("responsible_person", a.responsiblePerson), ("handler_name", a.handlerName),
            ("handler_phone", a.handlerPhone), ("handler_unit", a.handlerUnit), ("signoff_leader", a.signOff?.name),
            ("signoff_title", a.signOff?.title),
        ]
        return cells.map { .type($0.0, $0.1 ?? "") } + [
            .type("citation_title", first.title), .type("citation_number", first.documentNumber),
            .addRowBelow("citation_title"),
            .typeInAddedRow(under: "citation_title", second.title), .typeInAddedRow(under: "citation_number", second.documentNumber),
        ]
    }

    /// The checks of RULES.md §8 the return path makes on the typed sheet as it arrives (the
    /// content and the sign-off named on it; an ODT or DOCX carries no key signature): none
    /// fails. Before the cells were read, this complete reply drew a 退单 of five failed checks.
    func assertPassesEveryCheck(_ read: FilledFeedbackSheet, medium: ReceivedFeedback.Medium, file: StaticString = #filePath,
                                line: UInt = #line) throws {
        let number = try XCTUnwrap(read.caseNumber), form = try XCTUnwrap(read.formNumber)
        let lead = GovernmentUnit.Leader(name: "孙立", title: "副局长", publicKeyPEM: nil, keySource: nil)
        let unit = GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
                                  leaderInCharge: lead, principalLeader: .init(name: "钱进", title: "局长", publicKeyPEM: nil, keySource: nil))
        let record = CaseRecord(number: number, channel: .mayorMailbox, receivedAt: Date(), petitioner: Petitioner(name: "张三"),
                                subject: "噪音", text: "夜间施工噪音扰民", attachments: [], kind: Decided(.complaint, rule: "t"),
                                handlingClass: Decided(.routine, rule: "t"), keyMatter: Decided(false, rule: "t"),
                                scope: Decided(.accepted, rule: "t"), state: .assigned, rawSHA256: String(repeating: "0", count: 64),
                                messageID: nil)
        let received = ReceivedFeedback(medium: medium, attachment: "typed", sha256: "x", answer: read.answer, caseNumber: number,
                                        formNumber: form, signature: .none)
        let context = SignOffRules.Context(record: record, unit: unit, parent: nil, heavyItem: false, issuedFeedbackForms: [form])
        XCTAssertEqual(SignOffRules.failures(received, context), [], file: file, line: line)
    }

    /// Typed into the cells and saved as `.odt`: every value, the added row's citation included.
    func testClerkTypesIntoTheCellsSavedAsODT() throws {
        let office = try FeedbackODTLibreOfficeTests.Office(self)
        let blank = FeedbackODTReaderTests.feedback()
        let typed = try office.type(FeedbackODTReaderTests.render(.feedback(blank)), Self.keystrokes, saveAs: .odt)
        let read = try reader.read(typed)
        XCTAssertEqual(read.answer, Self.expected)
        XCTAssertEqual(read.notes, [])
        XCTAssertEqual(read.caseNumber, blank.particulars.caseNumber)
        XCTAssertEqual(read.formNumber, blank.particulars.formNumber)
        XCTAssertEqual(read.changedFields(from: FormTemplateValues(.feedback(blank), timeZone: FormFixtures.shanghai)), [])
        try assertPassesEveryCheck(read, medium: .odt)
    }

    /// Typed into the cells and saved as `.docx` ("MS Word 2007 XML"): the same answer, read from
    /// the table beside the `DOCVARIABLE` fields.
    func testClerkTypesIntoTheCellsSavedAsDOCX() throws {
        let office = try FeedbackODTLibreOfficeTests.Office(self)
        let blank = FeedbackODTReaderTests.feedback()
        let typed = try office.type(FeedbackODTReaderTests.render(.feedback(blank)), Self.keystrokes, saveAs: .docx)
        XCTAssertTrue(try ZIPReader(bytes: typed).entries.contains { $0.name == "word/document.xml" }, "a DOCX")
        let read = try FeedbackDOCXReader(reader).read(typed)
        XCTAssertEqual(read.answer, Self.expected)
        XCTAssertEqual(read.notes, [])
        XCTAssertEqual(read.caseNumber, blank.particulars.caseNumber)
        XCTAssertEqual(read.formNumber, blank.particulars.formNumber)
        try assertPassesEveryCheck(read, medium: .docx)
    }

    /// Filled through Edit ▸ Fields and then saved as `.docx`: the values are document variables.
    func testFieldsSetInLibreOfficeSavedAsDOCX() throws {
        let office = try FeedbackODTLibreOfficeTests.Office(self)
        let blank = FeedbackODTReaderTests.feedback()
        let filled = try office.fill(FeedbackODTReaderTests.render(.feedback(blank)), values: [
            ("result", "已处理"), ("citation_title", "《噪声法》"), ("citation_number", "主席令第104号"),
            ("responsible_unit", "蚌埠市城市管理局"), ("signoff_leader", "孙立"), ("signoff_title", "副局长"),
        ])
        let read = try FeedbackDOCXReader(reader).read(try office.convert(filled, to: .docx))
        XCTAssertEqual(read.answer.result, "已处理")
        XCTAssertEqual(read.answer.citations, [.init(title: "《噪声法》", documentNumber: "主席令第104号")])
        XCTAssertEqual(read.answer.responsibleUnit, "蚌埠市城市管理局")
        XCTAssertEqual(read.answer.signOff, .init(name: "孙立", title: "副局长"))
        XCTAssertEqual(read.notes, [])
    }

    /// A sheet with our tagged QR code, typed into and saved as `.docx`, arriving by name or only by
    /// content type: picked, read, and its picture's code (now `word/media/`) scanned and checked.
    func testTypedDOCXWithItsQRCodeIsPickedAndPlaced() throws {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        let office = try FeedbackODTLibreOfficeTests.Office(self)
        let documents = try FormDocuments.load(templates: .shipped, signingKey: FormSignatureTests.key,
                                               timeZone: FormFixtures.shanghai)
        let form = Form.feedback(FeedbackODTReaderTests.feedback())
        let p = form.particulars
        let tagger = FormTag(secret: Array("docx code secret 2026".utf8))
        let qr = FormQRPayload(kind: .feedback, caseNumber: p.caseNumber, formNumber: p.formNumber).text(tagger: tagger)
        let docx = try office.type(try documents.render(form, qrText: qr).odt, Self.keystrokes, saveAs: .docx)
        XCTAssertTrue(try ZIPReader(bytes: docx).entries.contains { $0.name.hasPrefix("word/media/") }, "the QR picture kept")
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                            units: UnitsRegistry(units: []), scanner: FaxQRScanner(), tagger: tagger)
        for (name, type) in [("FK反馈单.docx", "application/octet-stream"), ("attachment.bin", FeedbackDOCXReader.mediaType)] {
            let stored = StoredAttachment(originalName: name, storedName: "x-\(name)", contentType: type, size: docx.count,
                                          sha256: sha256Hex(docx), partPath: "2")
            let found = reader.feedback(in: [(stored, docx)], role: .unitReplies)
            XCTAssertEqual(found.count, 1, name)
            let f = try XCTUnwrap(found.first)
            XCTAssertEqual(f.medium, .docx)
            XCTAssertEqual(f.answer, Self.expected, name)
            XCTAssertEqual(f.problems, [], name)
            XCTAssertTrue(f.tagged, "\(name): the code in word/media/ read and its tag checked")
            XCTAssertEqual(f.formNumber, p.formNumber)
        }
    }
}

extension FeedbackODTLibreOfficeTests.Office {
    enum SavedFormat: String {
        case odt, docx
        /// LibreOffice's export filter.
        var filter: String { self == .odt ? "writer8" : "MS Word 2007 XML" }
    }

    /// `document` converted by LibreOffice (`--convert-to`) to `format`.
    func convert(_ document: [UInt8], to format: SavedFormat) throws -> [UInt8] {
        let input = directory.appendingPathComponent("convert.odt"), out = directory.appendingPathComponent("converted", isDirectory: true)
        try Data(document).write(to: input)
        try run(["--convert-to", "\(format.rawValue):\(format.filter)", "--outdir", out.path, input.path])
        return [UInt8](try Data(contentsOf: out.appendingPathComponent("convert.\(format.rawValue)")))
    }

    /// Types `keystrokes` into `odt`'s table cells with a Basic macro — text inserted at the end
    /// of the cell, Enter as a paragraph break, rows added by the menu command itself
    /// (`.uno:InsertRowsAfter`, Table ▸ Insert ▸ Rows Below) — and saves as `format`.
    func type(_ odt: [UInt8], _ keystrokes: [FeedbackTypedSheetLibreOfficeTests.Keystrokes], saveAs format: SavedFormat) throws -> [UInt8] {
        _ = try resave(odt)  // creates the profile, and its user/basic/Standard library
        let module = profile.appendingPathComponent("user/basic/Standard/Module1.xba")
        try Data(Self.typingMacro.utf8).write(to: module)
        let keys = directory.appendingPathComponent("keystrokes.txt"), input = directory.appendingPathComponent("blank.odt")
        let output = directory.appendingPathComponent("typed.\(format.rawValue)")
        try Data(keystrokes.map(\.line).joined(separator: "\n").utf8).write(to: keys)
        try Data(odt).write(to: input)
        try run(["macro:///Standard.Module1.TypeCells(\"\(input.absoluteString)\",\"\(keys.absoluteString)\",\"\(output.absoluteString)\",\"\(format.filter)\")"])
        let failure = output.appendingPathExtension("error")
        if let message = try? String(contentsOf: failure, encoding: .utf8) { XCTFail("the typing macro failed: \(message)") }
        return [UInt8](try Data(contentsOf: output))
    }

    /// The macro behind `type`. A field's cell is found from the field (`TextField.User` whose
    /// master has the name) through its anchor's `Cell`; an added row's cell by the cell name one
    /// row further down (`B13` → `B14`). An error is written beside the output instead of a
    /// dialog that would hang the headless soffice.
    static let typingMacro = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
        <script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
        Function FieldAnchor(doc, fieldName)
          e = doc.getTextFields().createEnumeration()
          Do While e.hasMoreElements()
            f = e.nextElement()
            If f.supportsService(&quot;com.sun.star.text.TextField.User&quot;) Then
              If f.TextFieldMaster.Name = fieldName Then
                FieldAnchor = f.getAnchor()
                Exit Function
              End If
            End If
          Loop
        End Function

        Sub TypeInto(cell, value)
          parts = Split(value, &quot;\\n&quot;)
          c = cell.createTextCursor()
          c.gotoEnd(False)
          For i = 0 To UBound(parts)
            If i &gt; 0 Then cell.insertControlCharacter(c, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)
            cell.insertString(c, parts(i), False)
          Next
        End Sub

        Sub TypeCells(inUrl As String, valuesUrl As String, outUrl As String, filterName As String)
          On Error GoTo Failed
        \(openHiddenWithValues)
          added = 0
          Do While Not stream.isEOF()
            line = stream.readLine()
            p = InStr(line, &quot;=&quot;)
            If Left(line, 1) = &quot;+&quot; Then
              If p = 0 Then
                anchor = FieldAnchor(doc, Mid(line, 2))
                cellName = anchor.Cell.CellName
                ctrl = doc.getCurrentController()
                ctrl.getViewCursor().gotoRange(anchor.TextTable.getCellByName(Left(cellName, 1) &amp; (CInt(Mid(cellName, 2)) + added)).getStart(), False)
                dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
                dispatcher.executeDispatch(ctrl.Frame, &quot;.uno:InsertRowsAfter&quot;, &quot;&quot;, 0, Array())
                added = added + 1
              Else
                anchor = FieldAnchor(doc, Mid(line, 2, p - 2))
                cellName = anchor.Cell.CellName
                TypeInto(anchor.TextTable.getCellByName(Left(cellName, 1) &amp; (CInt(Mid(cellName, 2)) + added)), Mid(line, p + 1))
              End If
            ElseIf p &gt; 0 Then
              TypeInto(FieldAnchor(doc, Left(line, p - 1)).Cell, Mid(line, p + 1))
            End If
          Loop
          stream.closeInput()
          Dim store(0) As New com.sun.star.beans.PropertyValue
          store(0).Name = &quot;FilterName&quot;
          store(0).Value = filterName
          doc.storeToURL(outUrl, store())
          doc.close(True)
          StarDesktop.terminate()
          Exit Sub
        Failed:
          out = createUnoService(&quot;com.sun.star.io.TextOutputStream&quot;)
          out.setOutputStream(createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;).openFileWrite(outUrl &amp; &quot;.error&quot;))
          out.writeString(&quot;line &quot; &amp; Erl &amp; &quot;: &quot; &amp; Error$)
          out.closeOutput()
          StarDesktop.terminate()
        End Sub
        </script:module>
        """
}
