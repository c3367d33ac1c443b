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
            guard case .invalid(let defects) = verifier.verify(altered, name: "altered") else { return XCTFail("altered form verified") }
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
