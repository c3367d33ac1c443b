import Crypto
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineXML
import XCTest

/// `FormXMLReader` is the inverse of `FormXMLWriter` on every form the writer writes, signed or
/// not, and refuses everything else with a problem that says why and where.
final class FormXMLReaderTests: XCTestCase {
    static let schema = Result { try FormSchemaTests.schema() }
    /// A unit leader's key (P-256: made at once, unlike RSA).
    static let unitKey: (signing: XMLSigner.Key, pinned: PinnedKey) = {
        let key = P256.Signing.PrivateKey()
        return (.p256(key), PinnedKey(label: "unit", p256: key.publicKey))
    }()

    func reader() throws -> FormXMLReader {
        FormXMLReader(schema: try Self.schema.get(), casePrefix: "BB", timeZone: FormFixtures.shanghai)
    }

    func signer() throws -> SignedFormXML {
        SignedFormXML(writer: FormXMLWriter(timeZone: FormFixtures.shanghai), schema: try Self.schema.get(),
                      signer: XMLSigner(key: Self.unitKey.signing))
    }

    let writer = FormXMLWriter(timeZone: FormFixtures.shanghai)

    // MARK: Round trips

    func testEveryFixtureFormRoundTrips() throws {
        let reader = try reader()
        for form in FormFixtures.all() {
            let bytes = Array(writer.xml(form).utf8)
            let read = try reader.read(bytes, name: form.particulars.formNumber.description)
            XCTAssertEqual(read.form, form)
            XCTAssertEqual(read.bytes, bytes)
            XCTAssertNil(read.signature)
        }
    }

    func testEverySignedFixtureFormRoundTripsAndVerifiesOnTheTreeItWasReadFrom() throws {
        let reader = try reader(), signer = try signer()
        let verifier = XMLSignatureVerifier(pinnedKeys: [Self.unitKey.pinned])
        for form in FormFixtures.all() {
            let signed = try signer.signed(form)
            let read = try reader.read(signed, name: "signed")
            XCTAssertEqual(read.form, form)
            XCTAssertEqual(read.bytes, signed)
            XCTAssertNotNil(read.signature)
            XCTAssertEqual(verifier.verify(read.tree), .valid(keyLabel: "unit"), "validation must leave the tree as signed")
        }
    }

    /// The fully answered feedback sheet, field by field: a regression here names the field.
    func testTheAnsweredFeedbackSheetKeepsEveryField() throws {
        guard case .feedback(let sheet) = FormFixtures.all()[4] else { return XCTFail("fixture 4 is the answered sheet") }
        let read = try reader().read(Array(writer.xml(.feedback(sheet)).utf8), name: "fk")
        guard case .feedback(let back) = read.form else { return XCTFail("\(read.form.kind)") }
        XCTAssertEqual(back.unit, sheet.unit)
        XCTAssertEqual(back.answersFormNumber, sheet.answersFormNumber)
        XCTAssertEqual(back.answer.citations, sheet.answer.citations)
        XCTAssertEqual(back.answer.signOff, sheet.answer.signOff)
        XCTAssertEqual(back.answer.countersign, sheet.answer.countersign)
        XCTAssertEqual(back.answer.countersignUnit, sheet.answer.countersignUnit)
        XCTAssertEqual(back.answer.extensionUntil, sheet.answer.extensionUntil)
        XCTAssertEqual(back.answer.extensionReason, sheet.answer.extensionReason)
        XCTAssertEqual(back.answer, sheet.answer)
        XCTAssertEqual(back.particulars.deadlineLimit, sheet.particulars.deadlineLimit)
    }

    func testFiveHundredRandomFormsRoundTripSignedOrNot() throws {
        let reader = try reader(), signer = try signer()
        var forms = RandomForms(seed: 0x686F_746C_696E_6531)
        for i in 0..<500 {
            let form = forms.form()
            let bytes = i % 5 == 0 ? try signer.signed(form) : Array(writer.xml(form).utf8)
            let read: ReadForm
            do {
                read = try reader.read(bytes, name: "random \(i)")
            } catch {
                return XCTFail("form \(i): \(error)\n\(String(decoding: bytes, as: UTF8.self))")
            }
            XCTAssertEqual(read.form, form, "form \(i)")
        }
    }

    /// The instant is what counts, not the zone it was written in.
    func testFormsWrittenInOtherZonesReadAsTheSameInstants() throws {
        let reader = try reader()
        for zone in [TimeZone(identifier: "UTC"), TimeZone(secondsFromGMT: -(5 * 3_600 + 1_800)), TimeZone(secondsFromGMT: 14 * 3_600)] {
            let writer = FormXMLWriter(timeZone: try XCTUnwrap(zone))
            for form in FormFixtures.all() {
                XCTAssertEqual(try reader.read(Array(writer.xml(form).utf8), name: "zone").form, form)
            }
        }
    }

    /// A sheet issued before the clock (issue 11) carries `days` of 24 hours: it still reads.
    func testADeadlineOfTheFormsBeforeTheClockReads() throws {
        let xml = writer.xml(FormFixtures.all()[2]).replacingOccurrences(of: "limit=\"5\" unit=\"working-days\"",
                                                                           with: "days=\"5\" mayExtendToDays=\"7\"")
        XCTAssertTrue(xml.contains("days=\"5\""))
        let read = try reader().read(Array(xml.utf8), name: "legacy")
        guard case .supervision(let s) = read.form else { return XCTFail("\(read.form.kind)") }
        XCTAssertEqual(s.particulars.deadlineLimit?.amount, 5)
        XCTAssertEqual(s.particulars.deadlineLimit?.unit, .days)
        XCTAssertEqual(s.particulars.deadlineLimit?.extendTo, 7)
    }

    /// Lexical forms the schema admits that our writer never writes but a unit's software may.
    func testOtherLexicalFormsTheSchemaAdmits() throws {
        let xml = writer.xml(FormFixtures.all()[2])
            .replacingOccurrences(of: "issued=\"2026-12-01T09:00:00+08:00\"", with: "issued=\" 2026-12-01T01:00:00.250Z \"")
            .replacingOccurrences(of: "due=\"2026-12-06T09:00:00+08:00\"", with: "due=\"2026-12-06T24:00:00+08:00\"")
            .replacingOccurrences(of: "limit=\"5\"", with: "limit=\" 5.0 \"")
            .replacingOccurrences(of: "round=\"2\"", with: "round=\" 2\n\"")
            .replacingOccurrences(of: "<HeavyItem>true</HeavyItem>", with: "<HeavyItem> 1 </HeavyItem>")
            .replacingOccurrences(of: "original=\"JB2026-00017\"", with: "original=\"JB2026-000017\"")
            .replacingOccurrences(of: "<Subject>小区夜间施工噪音扰民</Subject>",
                                  with: "<Subject><![CDATA[小区<夜间>]]>施工<!-- 注 -->噪音</Subject>")
        let read = try reader().read(Array(xml.utf8), name: "other")
        guard case .supervision(let s) = read.form else { return XCTFail("\(read.form.kind)") }
        XCTAssertEqual(s.particulars.issuedAt, FormFixtures.issued.addingTimeInterval(0.25))
        XCTAssertEqual(s.particulars.deadline, FormFixtures.issued.addingTimeInterval(5 * 86_400 + 15 * 3_600))
        XCTAssertEqual(s.particulars.deadlineLimit?.amount, 5)
        XCTAssertEqual(s.particulars.deadlineLimit?.unit, .workingDays)
        XCTAssertEqual(s.round, 2)
        XCTAssertTrue(s.particulars.heavyItem)
        XCTAssertEqual(s.originalFormNumber, FormNumber(kind: .assignment, year: 2026, sequence: 17))
        XCTAssertEqual(s.particulars.subject, "小区<夜间>施工噪音")
    }

    /// The signature is skipped whatever it holds: form elements inside it are never read.
    func testASignatureHoldingFormElementsDoesNotConfuseTheReader() throws {
        let form = FormFixtures.all()[1]
        let decoy = """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><Case xmlns="urn:hotline:forms:1" number="BB20991231-9999"/>\
            <CenterHead xmlns="urn:hotline:forms:1">冒名</CenterHead></ds:Signature>
            """
        let xml = writer.xml(form).replacingOccurrences(of: "</AssignmentSheet>", with: decoy + "</AssignmentSheet>")
        let read = try reader().read(Array(xml.utf8), name: "decoy")
        XCTAssertEqual(read.form, form)
        XCTAssertEqual(read.signature?.children.count, 2)
    }

    // MARK: Refusals

    func testEveryViolationIsReportedBeforeAnythingIsRead() throws {
        // A foreign case number too: the schema speaks first, and about everything.
        let xml = writer.xml(FormFixtures.all()[1])
            .replacingOccurrences(of: "BB20261130-0007", with: "HF20261130-0007")
            .replacingOccurrences(of: "channel=\"mayor-mailbox\"", with: "channel=\"pigeon\"")
            .replacingOccurrences(of: "<CenterHead>周主任</CenterHead>", with: "")
        XCTAssertThrowsError(try reader().read(Array(xml.utf8), name: "bad")) { error in
            guard case FormReadProblem.notValid("bad", let details) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(details.contains { $0.message.contains("channel") && $0.line == 4 }, "\(details)")
            XCTAssertTrue(details.contains { $0.message.contains("CenterHead") }, "\(details)")
        }
    }

    func testRefusals() throws {
        let reader = try reader()
        let assignment = writer.xml(FormFixtures.all()[1])
        let feedback = writer.xml(FormFixtures.all()[4])
        func replacing(_ xml: String, _ find: String, _ replace: String) -> [UInt8] {
            XCTAssertTrue(xml.contains(find), find)
            return Array(xml.replacingOccurrences(of: find, with: replace).utf8)
        }
        func invalid(_ mention: String) -> (FormReadProblem) -> Bool {
            { if case .notValid(_, let d) = $0 { d.contains { $0.message.contains(mention) } } else { false } }
        }
        let root = "<AssignmentSheet xmlns=\"urn:hotline:forms:1\" version=\"1\">"
        let table: [(String, [UInt8], (FormReadProblem) -> Bool)] = [
            ("DOCTYPE with an entity", replacing(assignment, "<AssignmentSheet", "<!DOCTYPE AssignmentSheet [<!ENTITY x \"周\">]>\n<AssignmentSheet"),
             { $0 == .unreadable(.doctypeForbidden(document: "t", line: 2)) }),
            ("undeclared entity", replacing(assignment, "周主任", "&x;"),
             { if case .unreadable(.notWellFormed) = $0 { true } else { false } }),
            ("GBK bytes", replacing(assignment, "周主任", "\u{1A}").flatMap { $0 == 0x1A ? [0xD6, 0xDC] : [$0] },  // 周 in GBK
             { if case .unreadable(.notUTF8) = $0 { true } else { false } }),
            ("oversize", Array(assignment.utf8) + Array("<!--\(String(repeating: "x", count: 1 << 20))-->".utf8),
             { if case .unreadable(.tooLarge(_, _, 1 << 20)) = $0 { true } else { false } }),
            ("too deep", replacing(assignment, root, root + String(repeating: "<d>", count: 40) + String(repeating: "</d>", count: 40)),
             { if case .unreadable(.tooDeep(_, _, 32)) = $0 { true } else { false } }),
            ("too many elements", replacing(assignment, root, root + String(repeating: "<e/>", count: 5_000)),
             { if case .unreadable(.tooManyElements(_, _, 5_000)) = $0 { true } else { false } }),
            ("wrong namespace", replacing(assignment, "urn:hotline:forms:1", "urn:hotline:forms:2"),
             { $0 == .notAHotlineForm(document: "t", root: "AssignmentSheet", namespace: "urn:hotline:forms:2") }),
            ("no namespace", replacing(assignment, " xmlns=\"urn:hotline:forms:1\"", ""),
             { $0 == .notAHotlineForm(document: "t", root: "AssignmentSheet", namespace: nil) }),
            ("wrong root", replacing(assignment, "AssignmentSheet", "WorkBulletin"),
             { $0 == .notAHotlineForm(document: "t", root: "WorkBulletin", namespace: "urn:hotline:forms:1") }),
            ("schema: CenterHead missing", replacing(assignment, "<CenterHead>周主任</CenterHead>", ""), invalid("CenterHead")),
            ("schema: unknown channel", replacing(assignment, "mayor-mailbox", "pigeon"), invalid("channel")),
            ("schema: Subject on two lines", replacing(assignment, "<Subject>小区", "<Subject>\n小区"), invalid("Subject")),
            ("schema: version 2", replacing(assignment, "version=\"1\"", "version=\"2\""), invalid("version")),
            ("schema: an extra element", replacing(assignment, "</AssignmentSheet>", "<Extra/></AssignmentSheet>"), invalid("Extra")),
            ("schema: date without offset", replacing(assignment, "09:00:00+08:00\" issuer", "09:00:00\" issuer"), invalid("issued")),
            ("schema: citation without number", replacing(feedback, " documentNumber=\"主席令第104号\"", ""), invalid("documentNumber")),
            ("schema: signature not last", replacing(assignment, "<CenterHead>", "<ds:Signature xmlns:ds=\"\(XMLDSig.namespace)\"/><CenterHead>"),
             invalid("Signature")),
            ("foreign case prefix", replacing(assignment, "BB20261130-0007", "HF20261130-0007"),
             { $0 == .foreignCaseNumber(document: "t", .init(element: "Case", attribute: "number", line: 4), number: "HF20261130-0007",
                                        expectedPrefix: "BB") }),
            ("longer prefix", replacing(assignment, "BB20261130-0007", "BBX20261130-0007"),
             { if case .foreignCaseNumber = $0 { true } else { false } }),
            ("case number 0", replacing(assignment, "BB20261130-0007", "BB20261130-0000"),
             { $0 == .unusableNumber(document: "t", .init(element: "Case", attribute: "number", line: 4), number: "BB20261130-0000") }),
            ("form number 0", replacing(assignment, "JB2026-00017", "JB2026-00000"),
             { if case .unusableNumber(_, let p, "JB2026-00000") = $0 { p.element == "Form" } else { false } }),
            ("form number of another kind", replacing(assignment, "number=\"JB2026-00017\"", "number=\"FK2026-00017\""),
             { $0 == .formNumberOfAnotherKind(document: "t", .init(element: "Form", attribute: "number", line: 3), number: "FK2026-00017",
                                              expected: .assignment) }),
            ("unknown kind code", replacing(assignment, "code=\"complaint\"", "code=\"petition\""),
             { $0 == .unknownCode(document: "t", .init(element: "Case/Kind", attribute: "code", line: 14), code: "petition") }),
            ("unknown class code", replacing(assignment, "code=\"routine\"", "code=\"urgent\""),
             { if case .unknownCode(_, let p, "urgent") = $0 { p.element == "Case/HandlingClass" } else { false } }),
            ("days past Int", replacing(assignment, "limit=\"5\" unit=\"working-days\"", "days=\"99999999999999999999\""),
             { if case .integerTooLarge(_, let p, _) = $0 { p.attribute == "days" } else { false } }),
            ("year 10000", replacing(assignment, "issued=\"2026", "issued=\"12026"),
             { if case .unusableDateTime(_, let p, _) = $0 { p.attribute == "issued" } else { false } }),
        ]
        for (label, bytes, expected) in table {
            do {
                let read = try reader.read(bytes, name: "t")
                XCTFail("\(label): read as \(read.form.kind)")
            } catch {
                XCTAssertTrue(expected(error), "\(label): \(error)")
            }
        }
    }

    func testAProblemSaysWhereInItsMessage() throws {
        let xml = writer.xml(FormFixtures.all()[1]).replacingOccurrences(of: "code=\"complaint\"", with: "code=\"petition\"")
        XCTAssertThrowsError(try reader().read(Array(xml.utf8), name: "JB2026-00017.xml")) { error in
            XCTAssertEqual("\(error)", "JB2026-00017.xml: Case/Kind/@code (line 14): unknown code \"petition\"")
        }
    }
}
