import Foundation
import HotlineCore
import XCTest

@testable import HotlineDocuments

/// The feedback sheet through the real LibreOffice: a unit's copy of LibreOffice writes the
/// package the reader must read. Skipped when `soffice` is not installed.
final class FeedbackODTLibreOfficeTests: XCTestCase {
    let reader = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)

    /// One LibreOffice profile in a temporary directory, for the test's soffice runs (one at a
    /// time: two processes on one profile fail silently).
    struct Office {
        let soffice: String
        let directory: URL

        init(_ test: XCTestCase) throws {
            guard let soffice = LibreOfficeConverter().resolvedExecutable() else {
                throw XCTSkip("soffice (LibreOffice) is not installed (CI installs it: scripts/install-deps.sh test)")
            }
            self.soffice = soffice
            directory = try ExternalTool.temporaryDirectory(test)
        }

        var profile: URL { directory.appendingPathComponent("profile", isDirectory: true) }

        func run(_ arguments: [String]) throws {
            let log = directory.appendingPathComponent("soffice.log").path
            let outcome = try ChildProcess.run(
                soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--invisible", "--norestore",
                          "--nologo", "--nolockcheck"] + arguments, outputPath: log, timeout: 120)
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            XCTAssertEqual(outcome, .exited(0), output)
        }

        /// Opens `odt` and saves it again as `.odt` (LibreOffice's writer8 filter).
        func resave(_ odt: [UInt8]) throws -> [UInt8] {
            let input = directory.appendingPathComponent("sent.odt"), out = directory.appendingPathComponent("out", isDirectory: true)
            try Data(odt).write(to: input)
            try run(["--convert-to", "odt", "--outdir", out.path, input.path])
            return [UInt8](try Data(contentsOf: out.appendingPathComponent("sent.odt")))
        }

        /// Sets user fields the way a unit does in Edit ▸ Fields ▸ Variables — through the
        /// document's field masters (`com.sun.star.text.fieldmaster.User.<name>`.Content) — in a
        /// Basic macro in the profile's Standard library, and saves the document as `.odt`.
        func fill(_ odt: [UInt8], values: [(String, String)]) throws -> [UInt8] {
            _ = try resave(odt)  // creates the profile, and its user/basic/Standard library
            let module = profile.appendingPathComponent("user/basic/Standard/Module1.xba")
            XCTAssertTrue(FileManager.default.fileExists(atPath: module.path), "LibreOffice made its Basic library")
            try Data(Self.macro.utf8).write(to: module)
            // One "name=value" a line; a newline inside a value is written as "\n" and undone by the macro.
            let lines = values.map { "\($0.0)=\($0.1.replacingOccurrences(of: "\n", with: "\\n"))" }.joined(separator: "\n")
            let valuesFile = directory.appendingPathComponent("values.txt"), input = directory.appendingPathComponent("blank.odt")
            let output = directory.appendingPathComponent("filled.odt")
            try Data(lines.utf8).write(to: valuesFile)
            try Data(odt).write(to: input)
            try run(["macro:///Standard.Module1.Fill(\"\(input.absoluteString)\",\"\(valuesFile.absoluteString)\",\"\(output.absoluteString)\")"])
            return [UInt8](try Data(contentsOf: output))
        }

        /// The opening of a macro: `doc`, opened hidden from `inUrl`, and `stream`, the UTF-8 lines of `valuesUrl`.
        static let openHiddenWithValues = """
              Dim args(0) As New com.sun.star.beans.PropertyValue
              args(0).Name = &quot;Hidden&quot;
              args(0).Value = True
              doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
              sfa = createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;)
              stream = createUnoService(&quot;com.sun.star.io.TextInputStream&quot;)
              stream.setInputStream(sfa.openFileRead(valuesUrl))
              stream.setEncoding(&quot;UTF-8&quot;)
            """

        static let macro = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
            <script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
            Sub Fill(inUrl As String, valuesUrl As String, outUrl As String)
            \(openHiddenWithValues)
              masters = doc.getTextFieldMasters()
              Do While Not stream.isEOF()
                line = stream.readLine()
                p = InStr(line, &quot;=&quot;)
                If p &gt; 0 Then
                  master = masters.getByName(&quot;com.sun.star.text.fieldmaster.User.&quot; &amp; Left(line, p - 1))
                  master.Content = Join(Split(Mid(line, p + 1), &quot;\\n&quot;), Chr(10))
                End If
              Loop
              stream.closeInput()
              doc.getTextFields().refresh()
              Dim store(0) As New com.sun.star.beans.PropertyValue
              store(0).Name = &quot;FilterName&quot;
              store(0).Value = &quot;writer8&quot;
              doc.storeToURL(outUrl, store())
              doc.close(True)
              StarDesktop.terminate()
            End Sub
            </script:module>
            """
    }

    /// An answered sheet, opened and saved by LibreOffice: LibreOffice's package (its own
    /// manifest, Configurations2/ directories, thumbnail, settings) reads to the same answer.
    func testAnswerSurvivesLibreOfficeSave() throws {
        let office = try Office(self)
        let sheet = FeedbackODTReaderTests.feedback(FormFixtures.answer)
        let saved = try office.resave(FeedbackODTReaderTests.render(.feedback(sheet)))
        XCTAssertTrue(try ZIPReader(bytes: saved).entries.contains { $0.name == "Thumbnails/thumbnail.png" }, "written by LibreOffice")
        let read = try reader.read(saved)
        XCTAssertEqual(read.caseNumber, sheet.particulars.caseNumber)
        XCTAssertEqual(read.formNumber, sheet.particulars.formNumber)
        XCTAssertEqual(read.answer, FeedbackODTReaderTests.toTheDay(sheet.answer))
        XCTAssertEqual(read.notes, [])
    }

    /// The blank sheet the center sends, filled in LibreOffice by setting its user fields, as a
    /// unit does: every value arrives, the template's citation row included.
    func testUnitFillsTheBlankSheetInLibreOffice() throws {
        let office = try Office(self)
        let blank = FeedbackODTReaderTests.feedback()
        let filled = try office.fill(FeedbackODTReaderTests.render(.feedback(blank)), values: [
            ("result", "经查，该工地已停止夜间施工。\n罚款已处理。"),
            ("citation_title", "《中华人民共和国噪声污染防治法》"), ("citation_number", "主席令第104号"),
            ("satisfaction", "满意"), ("petitioner_contact", "12月3日电话告知张三"),
            ("responsible_unit", "蚌埠市城市管理局"), ("responsible_person", "刘建国"),
            ("handler_name", "陈晓"), ("handler_unit", "执法支队"), ("handler_phone", "0552-3012345"),
            ("signoff_leader", "孙立"), ("signoff_title", "副局长"),
            ("countersign_unit", "龙子湖区人民政府"), ("countersign_leader", "赵海（副区长）"),
            ("extension_requested", "是"), ("extension_until", "2026年12月11日"), ("extension_reason", "需协调 & <联合执法>"),
        ])
        let read = try reader.read(filled)
        var expected = FeedbackSheet.Answer()
        expected.result = "经查，该工地已停止夜间施工。\n罚款已处理。"
        expected.citations = [.init(title: "《中华人民共和国噪声污染防治法》", documentNumber: "主席令第104号")]
        expected.satisfaction = "满意"
        expected.petitionerContact = "12月3日电话告知张三"
        expected.responsibleUnit = "蚌埠市城市管理局"
        expected.responsiblePerson = "刘建国"
        expected.handlerName = "陈晓"
        expected.handlerUnit = "执法支队"
        expected.handlerPhone = "0552-3012345"
        expected.signOff = .init(name: "孙立", title: "副局长")
        expected.countersignUnit = "龙子湖区人民政府"
        expected.countersign = .init(name: "赵海", title: "副区长")
        expected.extensionUntil = FeedbackODTReaderTests.toTheDay(FormFixtures.answer).extensionUntil
        expected.extensionReason = "需协调 & <联合执法>"
        XCTAssertEqual(read.answer, expected)
        XCTAssertEqual(read.notes, [])
        XCTAssertEqual(read.caseNumber, blank.particulars.caseNumber)
        XCTAssertEqual(read.formNumber, blank.particulars.formNumber)
        XCTAssertEqual(read.changedFields(from: FormTemplateValues(.feedback(blank), timeZone: FormFixtures.shanghai)), [],
                       "the pre-filled fields are as sent")
    }
}
