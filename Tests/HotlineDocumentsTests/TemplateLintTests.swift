import HotlineCore
import XCTest

@testable import HotlineDocuments

final class TemplateLintTests: XCTestCase {
    private func lint(_ text: String, _ kind: FormKind = .assignment) -> [TemplateProblem] {
        TemplateLint.check(fodt: Array(text.utf8), kind: kind)
    }

    /// The shipped template with `old` replaced by `new` (which must occur).
    private func edited(_ old: String, _ new: String, _ kind: FormKind = .assignment) throws -> String {
        let text = try ShippedTemplates.text(kind)
        XCTAssertTrue(text.contains(old), "fixture: \(old) not in \(kind)")
        return text.replacingOccurrences(of: old, with: new)
    }

    private func lineNumber(of needle: String, in text: String) -> Int {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(needle) { return index + 1 }
        return 0
    }

    func testShippedTemplatesAreClean() throws {
        for kind in FormKind.allCases {
            XCTAssertEqual(TemplateLint.check(fodt: try ShippedTemplates.bytes(kind), kind: kind), [], "\(kind)")
        }
    }

    func testNotParseableAndNotFlat() throws {
        let broken = try ShippedTemplates.text(.assignment).prefix(2000)
        let problems = lint(String(broken))
        XCTAssertEqual(problems.map(\.kind), [.notParseable])
        XCTAssertEqual(lint("<office:document-content xmlns:office=\"\(ODFNamespace.office)\"/>").map(\.kind), [.notFlatDocument])
    }

    func testUnknownAndMisspeltFields() throws {
        let text = try edited("<text:user-field-get text:name=\"subject\"/>", "<text:user-field-get text:name=\"subjet\"/>")
        let problems = lint(text)
        XCTAssertTrue(problems.contains(TemplateProblem(.unknownField, "subjet", line: lineNumber(of: "\"subjet\"", in: text))))
        XCTAssertTrue(problems.contains { $0.kind == .fieldNeverShown && $0.subject == "subject" && $0.line > 0 })
        XCTAssertTrue(problems.contains { $0.kind == .fieldNotDeclared && $0.subject == "subjet" } == false,
                      "an unknown name is reported as unknown, not also as undeclared")
        // A feedback-only field on the assignment sheet is unknown there.
        let foreign = try edited("<text:p text:style-name=\"Form_Center\">",
                                 "<text:p text:style-name=\"Form_Center\"><text:user-field-get text:name=\"result\"/>")
        XCTAssertTrue(lint(foreign).contains { $0.kind == .unknownField && $0.subject == "result" })
    }

    func testMissingUndeclaredAndUnshownFields() throws {
        let missing = try edited("<text:user-field-decl office:value-type=\"string\" office:string-value=\"\" text:name=\"channel\"/>", "")
            .replacingOccurrences(of: "<text:user-field-get text:name=\"channel\"/>", with: "")
        XCTAssertEqual(lint(missing), [TemplateProblem(.missingField, "channel", line: 0)])

        let undeclared = try edited("<text:user-field-decl office:value-type=\"string\" office:string-value=\"\" text:name=\"kind\"/>", "")
        XCTAssertEqual(lint(undeclared), [TemplateProblem(.fieldNotDeclared, "kind",
                                                          line: lineNumber(of: "text:name=\"kind\"", in: undeclared))])

        let unshown = try edited("<text:user-field-get text:name=\"deadline\"/>", "2026年")
        XCTAssertEqual(lint(unshown), [TemplateProblem(.fieldNeverShown, "deadline",
                                                       line: lineNumber(of: "text:name=\"deadline\"", in: unshown))])
    }

    func testTypedPlaceholders() throws {
        let table = ["{{case_number}}", "｛｛受理编号｝｝", "{case_number}", "{{ subject }}", "}}"]
        for typed in table {
            let text = try edited("<text:p text:style-name=\"Form_Center\">", "<text:p text:style-name=\"Form_Center\">\(typed)")
            let problems = lint(text)
            XCTAssertEqual(problems, [TemplateProblem(.typedPlaceholder, typed, line: lineNumber(of: typed, in: text))], typed)
        }
        let harmless = try edited("<text:p text:style-name=\"Form_Center\">", "<text:p text:style-name=\"Form_Center\">{1}（2）")
        XCTAssertEqual(lint(harmless), [], "braces around a number are not a placeholder")
    }

    func testStylesWithoutCJKFont() throws {
        // Strip the serif CJK font everywhere: the default style, Standard and all the styles
        // that set it themselves lose it; Form_Label (sans) keeps its own.
        let text = try edited("style:font-name-asian=\"Noto Serif CJK SC\"", "")
        let flagged = lint(text).filter { $0.kind == .styleWithoutCJKFont }.map(\.subject)
        XCTAssertTrue(flagged.contains("(default)"))
        XCTAssertTrue(flagged.contains("Standard"))
        XCTAssertTrue(flagged.contains("Form_Title"))
        XCTAssertFalse(flagged.contains("Form_Label"))
        XCTAssertTrue(lint(text).allSatisfy { $0.line > 0 })
    }

    func testInheritedFontIsFine() throws {
        // A LibreOffice-style child style that only changes the size inherits its Chinese font.
        let text = try edited("</office:styles>", """
              <style:style style:name="Smaller" style:family="paragraph" style:parent-style-name="Form_Value">
               <style:text-properties fo:font-size="10pt"/>
              </style:style>
             </office:styles>
            """)
        XCTAssertEqual(lint(text), [])
    }

    func testNonCJKFontFace() throws {
        let text = try edited("</office:font-face-decls>", """
              <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss"/>
             </office:font-face-decls>
            """).replacingOccurrences(
                of: "style:font-name=\"Noto Sans CJK SC\" style:font-name-asian=\"Noto Sans CJK SC\"",
                with: "style:font-name=\"Liberation Sans\" style:font-name-asian=\"Liberation Sans\"")
        let problems = lint(text)
        XCTAssertEqual(problems.map(\.kind), [.fontNotCJK])
        XCTAssertEqual(problems.first?.line, lineNumber(of: "style:name=\"Form_Label\"", in: text))
        XCTAssertTrue(problems.first?.subject.contains("Form_Label") ?? false)
        XCTAssertTrue(TemplateFontLint.isCJKFontName("方正仿宋_GBK"))
        XCTAssertTrue(TemplateFontLint.isCJKFontName("SimSun"))
        XCTAssertFalse(TemplateFontLint.isCJKFontName("Liberation Serif"))
    }

    func testMissingQRFrame() throws {
        let text = try edited("draw:name=\"qrcode\"", "draw:name=\"Image1\"")
        XCTAssertEqual(lint(text), [TemplateProblem(.missingQRFrame, "qrcode", line: 0)])
    }

    func testRowFieldOutsideTableRow() throws {
        let text = try edited("<text:p text:style-name=\"Form_Center\">",
                              "<text:p text:style-name=\"Form_Center\"><text:user-field-get text:name=\"assist_unit\"/>")
        XCTAssertEqual(lint(text), [TemplateProblem(.rowFieldOutsideTableRow, "assist_unit",
                                                    line: lineNumber(of: "Form_Center\"><text:user-field-get", in: text))])
    }

    func testLibreOfficeRoundTripStaysClean() throws {
        let soffice = LibreOfficeConverter().resolvedExecutable()
        guard let soffice else { throw XCTSkip("soffice (LibreOffice) is not installed") }
        // What a clerk does: open the template in LibreOffice and save it as Flat XML ODF.
        let dir = try ExternalTool.temporaryDirectory(self)
        let input = dir.appendingPathComponent("in/feedback.fodt")
        try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(ShippedTemplates.bytes(.feedback)).write(to: input)
        let out = try ExternalTool.run(soffice, [
            "-env:UserInstallation=\(dir.appendingPathComponent("profile").absoluteString)", "--headless", "--norestore",
            "--convert-to", "fodt:OpenDocument Text Flat XML", "--outdir", dir.appendingPathComponent("out").path, input.path,
        ])
        XCTAssertEqual(out.status, 0)
        let saved = try [UInt8](Data(contentsOf: dir.appendingPathComponent("out/feedback.fodt")))
        XCTAssertEqual(TemplateLint.check(fodt: saved, kind: .feedback), [])
        XCTAssertNoThrow(try ODTTemplate(fodt: saved, kind: .feedback))
    }
}
