import _CryptoExtras
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineXML
import XCTest

/// Every outgoing form is signed by the center (issue 4, item 3): our verifier and xmlsec1 both
/// accept the signature with the center's public key, and both refuse a form altered after signing.
final class FormSignatureTests: XCTestCase {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    func signer() throws -> SignedFormXML {
        SignedFormXML(writer: FormXMLWriter(timeZone: FormFixtures.shanghai), schema: try FormSchemaTests.schema(),
                      signer: XMLSigner(key: .rsa(Self.key), keyName: XMLSigner.Key.rsa(Self.key).fingerprint))
    }

    func testEverySignedFormVerifiesAndStillValidates() throws {
        let signer = try signer()
        let verifier = XMLSignatureVerifier(pinnedKeys: [try PinnedKey(label: "center", rsa: Self.key.publicKey)])
        let schema = try FormSchemaTests.schema()
        for form in FormFixtures.all() {
            let signed = try signer.signed(form)
            XCTAssertEqual(verifier.verify(signed, name: "form").isValid, true, String(decoding: signed, as: UTF8.self))
            XCTAssertEqual(schema.violations(in: try XMLTree(parsing: signed)), [])
            let text = String(decoding: signed, as: UTF8.self)
            XCTAssertTrue(text.contains("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"), text)
            XCTAssertTrue(text.contains("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"))
            XCTAssertTrue(text.contains("http://www.w3.org/2001/10/xml-exc-c14n#"))
            // Altered after signing: the case number of the form.
            let altered = Array(text.replacingOccurrences(of: "BB20261130-0007", with: "BB20261130-0008").utf8)
            guard case .invalid(let defects) = verifier.verify(altered, name: "altered") else { XCTFail("altered form verified"); continue }
            XCTAssertTrue(defects.contains(.digestMismatch), "\(defects)")
        }
    }

    func testASchemaViolationIsNeverSigned() throws {
        var sheet = AssignmentSheet(particulars: FormFixtures.particulars(.assignment), centerHead: "")
        sheet.particulars.subject = String(repeating: "长", count: 300)
        XCTAssertThrowsError(try signer().signed(.assignment(sheet))) { error in
            guard case XMLProblem.notValid = error else { return XCTFail("\(error)") }
        }
    }

    func testXmlsec1VerifiesTheCentersSignatureAndRefusesAnAlteredForm() throws {
        let xmlsec1 = try ExternalTool.require("xmlsec1")
        let dir = try ExternalTool.temporaryDirectory(self)
        try Data(Self.key.publicKey.pemRepresentation.utf8).write(to: dir.appendingPathComponent("center.pem"))
        let keyName = XMLSigner.Key.rsa(Self.key).fingerprint
        let signer = try signer()
        for (i, form) in FormFixtures.all().enumerated() {
            let signed = try signer.signed(form)
            try Data(signed).write(to: dir.appendingPathComponent("form\(i).xml"))
            let ok = try ExternalTool.run(xmlsec1, ["--verify", "--pubkey-pem:\(keyName)", dir.path + "/center.pem",
                                                    dir.path + "/form\(i).xml"])
            XCTAssertEqual(ok.status, 0, "xmlsec1 refused \(form.kind): \(String(decoding: ok.stderr, as: UTF8.self))")
            let altered = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "张三", with: "李四")
            try Data(altered.utf8).write(to: dir.appendingPathComponent("altered\(i).xml"))
            let bad = try ExternalTool.run(xmlsec1, ["--verify", "--pubkey-pem:\(keyName)", dir.path + "/center.pem",
                                                     dir.path + "/altered\(i).xml"])
            XCTAssertNotEqual(bad.status, 0, "xmlsec1 accepted an altered \(form.kind)")
        }
    }
}

/// The other direction of the cross-check: a form signed by xmlsec1 with a pinned key is accepted
/// by our verifier and still valid against the schema; signed with another key, it is refused.
final class FormSignedByXmlsec1Tests: XCTestCase {
    func testOurVerifierAcceptsAFormSignedByXmlsec1WithAPinnedKey() throws {
        let xmlsec1 = try ExternalTool.require("xmlsec1")
        let dir = try ExternalTool.temporaryDirectory(self)
        let pinned = FormSignatureTests.key
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try Data(pinned.pemRepresentation.utf8).write(to: dir.appendingPathComponent("pinned.pem"))
        try Data(other.pemRepresentation.utf8).write(to: dir.appendingPathComponent("other.pem"))
        let unsigned = FormXMLWriter(timeZone: FormFixtures.shanghai).xml(FormFixtures.all()[4])
        let template = FormFixtures.xmlsec1Template(unsigned, root: "FeedbackSheet")
        try Data(template.utf8).write(to: dir.appendingPathComponent("template.xml"))
        let verifier = XMLSignatureVerifier(pinnedKeys: [try PinnedKey(label: "unit leader", rsa: pinned.publicKey)])
        for (key, expectValid) in [("pinned.pem", true), ("other.pem", false)] {
            let out = dir.appendingPathComponent("signed-\(key).xml").path
            let r = try ExternalTool.run(xmlsec1, ["--sign", "--privkey-pem", dir.appendingPathComponent(key).path,
                                                   "--output", out, dir.appendingPathComponent("template.xml").path])
            XCTAssertEqual(r.status, 0, String(decoding: r.stderr, as: UTF8.self))
            let signed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
            let result = verifier.verify(signed, name: key)
            XCTAssertEqual(result.isValid, expectValid, "\(key): \(result)")
            XCTAssertEqual(try FormSchemaTests.schema().violations(in: try XMLTree(parsing: signed)), [], key)
        }
    }
}

/// The real renderer on every kind of form: signed XML, an ODT package from the template, and
/// every value the form model gives is a field the template knows.
final class FormDocumentsTests: XCTestCase {
    func testEveryKindRendersWithTheShippedTemplates() throws {
        let documents = try FormDocuments.load(templates: .shipped, signingKey: FormSignatureTests.key,
                                               timeZone: FormFixtures.shanghai)
        let verifier = XMLSignatureVerifier(pinnedKeys: [try PinnedKey(label: "center", rsa: FormSignatureTests.key.publicKey)])
        for form in FormFixtures.all() {
            let fields = FormTemplateValues(form, timeZone: FormFixtures.shanghai)
            let catalog = FormFieldCatalog.catalog(for: form.kind)
            XCTAssertEqual(Set(fields.values.keys), Set(catalog.fields), "\(form.kind): the model fills exactly the catalog")
            XCTAssertEqual(Set(fields.rows.keys), Set(catalog.rowGroups.map(\.name)), "\(form.kind)")
            let rendered = try documents.render(form, qrText: "HLF1 test")
            XCTAssertTrue(verifier.verify(rendered.xml, name: "form").isValid)
            let content = String(decoding: try ODFPackageReader(bytes: rendered.odt).read("content.xml"), as: UTF8.self)
            for needle in ["BB20261130-0007", form.particulars.formNumber.description, "蚌埠市生态环境局", "小区夜间施工噪音扰民"] {
                XCTAssertTrue(content.contains(needle), "\(form.kind): \(needle)")
            }
        }
    }

    func testATemplateWithADeletedFieldIssuesNothing() throws {
        let dir = try ExternalTool.temporaryDirectory(self)
        for name in ["forms.xsd"] + FormKind.allCases.map(\.templateFileName) {
            try FileManager.default.copyItem(at: FormFixtures.templates.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let path = dir.appendingPathComponent("assignment.fodt")
        let text = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "text:name=\"deadline\"", with: "text:name=\"deadlin\"")
        try Data(text.utf8).write(to: path)
        XCTAssertThrowsError(try FormDocuments.load(templates: .folder(dir.path), signingKey: FormSignatureTests.key,
                                                    timeZone: FormFixtures.shanghai)) {
            XCTAssertTrue("\($0)".contains("assignment.fodt") && "\($0)".contains("deadlin"), "\($0)")
        }
    }

    func testABrokenTemplateStopsLoadingWithItsName() throws {
        let dir = try ExternalTool.temporaryDirectory(self)
        for name in ["forms.xsd"] + FormKind.allCases.map(\.templateFileName) {
            try FileManager.default.copyItem(at: FormFixtures.templates.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try Data("<office:document/>".utf8).write(to: dir.appendingPathComponent("supervision.fodt"))
        XCTAssertThrowsError(try FormDocuments.load(templates: .folder(dir.path), signingKey: FormSignatureTests.key,
                                                    timeZone: FormFixtures.shanghai)) {
            XCTAssertTrue("\($0)".contains("supervision.fodt"), "\($0)")
        }
    }
}

/// Generated forms — the form model through `FormDocuments`, with the real QR payload — printed by
/// LibreOffice: the Chinese text and the case number in `pdftotext`, the QR code read back by zbarimg.
final class GeneratedFormPrintTests: XCTestCase {
    func testEveryGeneratedFormPrintsWithItsTextAndItsQRCode() throws {
        let soffice = try ExternalTool.require("soffice")
        _ = soffice
        let pdftotext = try ExternalTool.require("pdftotext")
        let pdftoppm = try ExternalTool.require("pdftoppm")
        let zbarimg = try ExternalTool.require("zbarimg")
        let dir = try ExternalTool.temporaryDirectory(self)
        let documents = try FormDocuments.load(templates: .shipped, signingKey: FormSignatureTests.key,
                                               timeZone: FormFixtures.shanghai)
        let tagger = FormTag(secret: Array("print test secret 2026".utf8))
        for form in FormFixtures.all().prefix(4) {
            let p = form.particulars
            let qr = FormQRPayload(kind: form.kind, caseNumber: p.caseNumber, formNumber: p.formNumber).text(tagger: tagger)
            let rendered = try documents.render(form, qrText: qr)
            let pdf = try LibreOfficeConverter().convertToPDF(rendered.odt)
            let pdfPath = dir.appendingPathComponent("\(form.kind.rawValue).pdf").path
            try Data(pdf).write(to: URL(fileURLWithPath: pdfPath))
            let text = try ExternalTool.run(pdftotext, ["-layout", pdfPath, "-"]).text
            for needle in [form.kind.title, "BB20261130-0007", p.formNumber.description, "蚌埠市城市管理局", "蚌埠市生态环境局",
                           "龙子湖区人民政府", "噪音很大"] {
                XCTAssertTrue(text.replacingOccurrences(of: " ", with: "").contains(needle.replacingOccurrences(of: " ", with: "")),
                              "\(form.kind): \(needle) not in the PDF text")
            }
            let png = dir.appendingPathComponent("\(form.kind.rawValue)").path
            XCTAssertEqual(try ExternalTool.run(pdftoppm, ["-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", pdfPath, png]).status, 0)
            let scanned = try ExternalTool.run(zbarimg, ["--nodbus", "-q", "--raw", png + ".png"]).text
                .trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(scanned, qr, "\(form.kind): the QR code on the printed form")
            XCTAssertEqual(try FormQRPayload.parse(scanned, casePrefix: "BB", tagger: tagger).formNumber, p.formNumber)
        }
    }

    func testHostileCaseTextMakesAValidSignedFormAndAnODT() throws {
        let documents = try FormDocuments.load(templates: .shipped, signingKey: FormSignatureTests.key,
                                               timeZone: FormFixtures.shanghai)
        var p = FormFixtures.particulars(.assignment)
        p.subject = String("<script>&\"'\u{1B}]]>".prefix(200))
        p.summary = "<!DOCTYPE x [<!ENTITY a \"b\">]>&a;\u{0}\u{7}\r\n{{case_number}}" + String(repeating: "长", count: 3000)
        p.petitioner.name = "<b>张三</b>\u{1}"
        let rendered = try documents.render(.assignment(AssignmentSheet(particulars: p, centerHead: "周主任")), qrText: "HLF1 x")
        let tree = try XMLTree(parsing: rendered.xml)
        XCTAssertEqual(try FormSchemaTests.schema().violations(in: tree), [])
        let content = try ODFPackageReader(bytes: rendered.odt).read("content.xml")
        XCTAssertNoThrow(try XMLTree(parsing: content), "the ODT's content.xml is well-formed")
        XCTAssertTrue(String(decoding: content, as: UTF8.self).contains("&lt;script&gt;"))
    }
}
