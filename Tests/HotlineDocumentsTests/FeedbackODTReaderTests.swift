import Foundation
import HotlineCore
import HotlineXML
import XCTest

@testable import HotlineDocuments

/// A filled feedback sheet ODT read back: rendered by us, saved by LibreOffice, filled in
/// LibreOffice the way a unit does; and the notes on fields that cannot be read.
/// (Hostile packages: `FeedbackODTHostileTests`.)
final class FeedbackODTReaderTests: XCTestCase {
    let reader = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)

    static func feedback(_ answer: FeedbackSheet.Answer = .init()) -> FeedbackSheet {
        FeedbackSheet(particulars: FormFixtures.particulars(.feedback, sequence: 18), unit: .init(code: "CG", name: "蚌埠市城市管理局"),
                      answersFormNumber: FormNumber(kind: .assignment, year: 2026, sequence: 17), answer: answer)
    }

    /// The `.odt` (or `.fodt`) the center sends for `form`, from the shipped template.
    static func render(_ form: Form, flat: Bool = false) throws -> [UInt8] {
        let template = try ODTTemplate(fodt: ShippedTemplates.bytes(form.kind), kind: form.kind)
        let values = FormTemplateValues(form, timeZone: FormFixtures.shanghai)
        let qr = PNGImage.encode(try QRCode.matrix(for: "HLF1 test"), scale: 2)
        if flat { return try template.render(values: values.values, rows: values.rows, qrPNG: qr) }
        return try template.renderPackage(values: values.values, rows: values.rows, qrPNG: qr)
    }

    /// `answer` with the extension date cut to its day in the center's zone: the sheet prints days.
    static func toTheDay(_ answer: FeedbackSheet.Answer) -> FeedbackSheet.Answer {
        var a = answer
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FormFixtures.shanghai
        a.extensionUntil = a.extensionUntil.map { calendar.startOfDay(for: $0) }
        return a
    }

    private func assertReadsBack(_ sheet: FeedbackSheet, from read: FilledFeedbackSheet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(read.caseNumber, sheet.particulars.caseNumber, file: file, line: line)
        XCTAssertEqual(read.formNumber, sheet.particulars.formNumber, file: file, line: line)
        XCTAssertEqual(read.unitName, sheet.unit.name, file: file, line: line)
        XCTAssertEqual(read.answer, Self.toTheDay(sheet.answer), file: file, line: line)
        XCTAssertEqual(read.notes, [], file: file, line: line)
        XCTAssertEqual(read.changedFields(from: FormTemplateValues(.feedback(sheet), timeZone: FormFixtures.shanghai)), [],
                       file: file, line: line)
    }

    // MARK: 1. What we render reads back

    func testRenderedAnswerReadsBack() throws {
        let sheet = Self.feedback(FormFixtures.answer)
        let read = try reader.read(Self.render(.feedback(sheet)))
        assertReadsBack(sheet, from: read)
        XCTAssertEqual(read.answer.citations.map(\.documentNumber), ["主席令第104号", "蚌政办〔2020〕12号"])
        XCTAssertEqual(read.fields["citation_title.2"], "《蚌埠市建筑施工噪声管理办法》")
        XCTAssertEqual(read.fields["extension_until"], "2026年12月11日")
        // The flat ODT a unit may save instead reads the same.
        assertReadsBack(sheet, from: try reader.read(flatODT: Self.render(.feedback(sheet), flat: true)))
    }

    func testBlankAndTakeBackSheetsReadBack() throws {
        let blank = Self.feedback()
        assertReadsBack(blank, from: try reader.read(Self.render(.feedback(blank))))

        var takeBack = FeedbackSheet.Answer()
        takeBack.result = "该事项不属于我局职责。\n建议转市住建局办理。"
        takeBack.notOurDutyReason = "属于市住建局职责（《蚌埠市物业管理条例》第十条）。"
        takeBack.signOff = .init(name: "孙立", title: "副局长")
        takeBack.countersign = .init(name: "赵海", title: "副区长")
        takeBack.countersignUnit = "龙子湖区人民政府"
        let sheet = Self.feedback(takeBack)
        assertReadsBack(sheet, from: try reader.read(Self.render(.feedback(sheet))))
    }

    func testChangedPrefilledFieldsAreListed() throws {
        let sheet = Self.feedback(FormFixtures.answer)
        var read = try reader.read(Self.render(.feedback(sheet)))
        read.fields["petitioner_phone"] = "13900000000"
        XCTAssertEqual(read.changedFields(from: FormTemplateValues(.feedback(sheet), timeZone: FormFixtures.shanghai)),
                       ["petitioner_phone"])
    }

    // MARK: 4. Fields that cannot be read are notes; the rest is read

    func testBadDateIsANoteAndTheRestIsRead() throws {
        var fields = Self.identity
        fields["result"] = "已处理。"
        fields["extension_requested"] = "是"
        fields["extension_until"] = "下周五"
        fields["extension_reason"] = "需协调。"
        fields["handler_phone"] = "0552-3012345"
        let read = try reader.read(FeedbackODTFixture.odt(fields: fields))
        XCTAssertEqual(read.notes, [.notADate(field: "extension_until", value: "下周五")])
        XCTAssertEqual(read.answer.result, "已处理。")
        XCTAssertEqual(read.answer.handlerPhone, "0552-3012345")
        XCTAssertNil(read.answer.extensionUntil)
        XCTAssertEqual(read.answer.extensionReason, "需协调。")
        XCTAssertTrue(read.answer.requestsExtension)
        XCTAssertEqual(read.fields["extension_until"], "下周五", "the raw value is kept")
        XCTAssertEqual(read.caseNumber?.description, "BB20261130-0007")
    }

    static let identity = ["case_number": "BB20261130-0007", "form_number": "FK2026-00018"]

    func testDates() {
        let calendar = { () -> Calendar in
            var c = Calendar(identifier: .gregorian)
            c.timeZone = FormFixtures.shanghai
            return c
        }()
        let day = calendar.date(from: DateComponents(year: 2026, month: 12, day: 11))
        let table: [(String, Date?)] = [
            ("2026年12月11日", day), ("2026-12-11", day), ("2026/12/11", day), ("2026.12.11", day),
            (" 2026 年 12 月 11 日 ", day), ("２０２６年１２月１１日", day), ("二〇二六年十二月十一日", day), ("2026年12月11号", day),
            ("2026-12-11 09:30", day?.addingTimeInterval(9.5 * 3600)), ("2026年12月11日 09:30", day?.addingTimeInterval(9.5 * 3600)),
            ("2026年2月30日", nil), ("2026年13月1日", nil), ("12月11日", nil), ("下周五", nil), ("2026-12-11T25:00", nil),
            ("2026年十二月三十一日", calendar.date(from: DateComponents(year: 2026, month: 12, day: 31))),
        ]
        for (text, expected) in table {
            XCTAssertEqual(ChineseDate.parse(text, timeZone: FormFixtures.shanghai), expected, text)
        }
    }

    func testFieldNotesAndReadings() throws {
        let cases: [(String, [String: String], (FilledFeedbackSheet) -> Void)] = [
            ("countersign with half-width brackets", ["countersign_leader": "赵海 (副区长)"], {
                XCTAssertEqual($0.answer.countersign, .init(name: "赵海", title: "副区长"))
            }),
            ("countersign, name only", ["countersign_leader": "赵海"], {
                XCTAssertEqual($0.answer.countersign, .init(name: "赵海", title: ""))
            }),
            ("yes/no neither", ["not_our_duty": "也许"], {
                XCTAssertEqual($0.notes, [.notYesOrNo(field: "not_our_duty", value: "也许")])
                XCTAssertFalse($0.answer.requestsTakeBack)
            }),
            ("take-back flag alone", ["not_our_duty": "是"], {
                XCTAssertEqual($0.answer.notOurDutyReason, "")
                XCTAssertEqual($0.notes, [])
            }),
            ("flag says no, reason given", ["not_our_duty": "否", "not_our_duty_reason": "非我局职责"], {
                XCTAssertEqual($0.answer.notOurDutyReason, "非我局职责")
                XCTAssertEqual($0.notes, [.contradicted(field: "not_our_duty", value: "否", by: ["not_our_duty_reason"])])
            }),
            ("extension: yes, ISO date", ["extension_requested": "yes", "extension_until": "2026-12-11"], {
                XCTAssertNotNil($0.answer.extensionUntil)
                XCTAssertNil($0.answer.extensionReason)
            }),
            ("citations in numeric order, blank rows skipped, the template row first",
             ["citation_title": "甲", "citation_number": "文1", "citation_title.10": "丁", "citation_number.10": "文10",
              "citation_title.2": "丙", "citation_number.2": "", "citation_title.1": "", "citation_number.1": "",
              "citation_title.x": "不是一行"], {
                XCTAssertEqual($0.answer.citations, [.init(title: "甲", documentNumber: "文1"), .init(title: "丙", documentNumber: ""),
                                                     .init(title: "丁", documentNumber: "文10")])
            }),
            ("trailing newline and spaces trimmed", ["result": "  已办结。\n", "handler_name": "\n"], {
                XCTAssertEqual($0.answer.result, "已办结。")
                XCTAssertNil($0.answer.handlerName)
            }),
            ("sign-off title only", ["signoff_title": "副局长"], {
                XCTAssertEqual($0.answer.signOff, .init(name: "", title: "副局长"))
            }),
            ("another center's case number", ["case_number": "HF20261130-0007"], {
                XCTAssertNil($0.caseNumber)
                XCTAssertEqual($0.notes, [.notACaseNumber(value: "HF20261130-0007")])
            }),
            ("a form number that is none", ["form_number": "反馈单"], {
                XCTAssertNil($0.formNumber)
                XCTAssertEqual($0.notes, [.notAFormNumber(value: "反馈单")])
            }),
        ]
        for (name, overrides, check) in cases {
            let read = try reader.read(FeedbackODTFixture.odt(fields: Self.identity.merging(overrides) { $1 }), name: name)
            check(read)
        }
    }

    func testDuplicateAndNonStringFieldsAreNotes() throws {
        let decls = FeedbackODTFixture.decls(Self.identity)
            + #"<text:user-field-decl office:value-type="string" office:string-value="第一" text:name="result"/>"#
            + #"<text:user-field-decl office:value-type="string" office:string-value="第二" text:name="result"/>"#
            + #"<text:user-field-decl office:value-type="float" office:value="3" text:name="satisfaction"/>"#
        let read = try reader.read(FeedbackODTFixture.odt(decls: decls))
        XCTAssertEqual(read.answer.result, "第一")
        XCTAssertEqual(read.answer.satisfaction, "3")
        XCTAssertEqual(read.notes, [.duplicateField(name: "result"), .notAStringField(name: "satisfaction", valueType: "float")])
    }
}
