import Crypto
import Foundation
import HotlineXML
import XCTest
import _CryptoExtras

/// Signing and verifying without xmlsec1: our own round trip and the strictness rules.
final class XMLSignatureTests: XCTestCase {
    typealias F = SignatureFixtures

    func verify(_ text: String) -> SignatureVerification { F.verifier.verify(Array(text.utf8)) }

    func defects(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [SignatureDefect] {
        guard case let .invalid(defects) = verify(text) else {
            XCTFail("verified", file: file, line: line)
            return []
        }
        return defects
    }

    func testSignsAndVerifiesRSA() throws {
        let signed = try F.signedByUs()
        XCTAssertEqual(verify(signed), .valid(keyLabel: "unit-rsa"))
        XCTAssertEqual(try F.signedByUs(), signed, "RSA PKCS#1 v1.5 signing is deterministic")
        XCTAssertTrue(signed.contains("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"), signed)
        XCTAssertTrue(signed.contains("<ds:KeyName>\(XMLSigner.Key.rsa(F.rsa).fingerprint)</ds:KeyName>"))
        XCTAssertTrue(signed.hasSuffix("</ds:Signature></Filing>\n"), "the signature is the root's last child")
    }

    func testSignsAndVerifiesP256() throws {
        let signed = try F.signedByUs(.p256(F.p256))
        XCTAssertTrue(signed.contains(XMLDSig.ecdsaSHA256))
        XCTAssertEqual(verify(signed), .valid(keyLabel: "unit-p256"))
    }

    func testRefusesToSignTwice() throws {
        let tree = try XMLTree(parsing: Array(try F.signedByUs().utf8), name: "signed.xml")
        XCTAssertThrowsError(try XMLSigner(key: .rsa(F.rsa)).sign(tree)) {
            XCTAssertEqual($0 as? XMLProblem, .alreadySigned(document: "signed.xml"))
        }
    }

    func testCommentsAndReformattedBase64StillVerify() throws {
        let signed = try F.signedByUs()
        let commented = signed.replacingOccurrences(of: "张三", with: "张<!-- added later -->三")
            .replacingOccurrences(of: "<Case", with: "<!-- a note --><Case")
        XCTAssertNotEqual(commented, signed)
        XCTAssertEqual(verify(commented), .valid(keyLabel: "unit-rsa"))
        // Wrap SignatureValue at 64 columns as xmlsec1 does.
        let value = try XCTUnwrap(signed.firstMatch(of: /<ds:SignatureValue>([^<]+)</)?.1)
        let wrapped = stride(from: 0, to: value.count, by: 64).map { offset -> String in
            let start = value.index(value.startIndex, offsetBy: offset)
            return String(value[start..<(value.index(start, offsetBy: 64, limitedBy: value.endIndex) ?? value.endIndex)])
        }.joined(separator: "\n")
        XCTAssertEqual(verify(signed.replacingOccurrences(of: String(value), with: "\n" + wrapped + "\n")), .valid(keyLabel: "unit-rsa"))
    }

    func testTamperingIsCaught() throws {
        let signed = try F.signedByUs()
        let cases: [(edit: (String) -> String, defect: SignatureDefect, why: String)] = [
            ({ $0.replacingOccurrences(of: "张三", with: "李四") }, .digestMismatch, "text changed"),
            ({ $0.replacingOccurrences(of: "<Case number", with: "<Case extra=\"1\" number") }, .digestMismatch, "attribute added"),
            ({ $0.replacingOccurrences(of: "ACME Ltd.</Party>", with: "ACME Ltd.</Party><Party role=\"x\"/>") }, .digestMismatch, "element added"),
            ({ $0.replacingOccurrences(of: "Id=\"filing-1\"", with: "Id=\"filing-2\"") }, .digestMismatch, "root attribute changed"),
        ]
        for (edit, defect, why) in cases {
            XCTAssertEqual(defects(edit(signed)), [defect], why)
        }
    }

    func testSignatureChangesAreCaught() throws {
        let signed = try F.signedByUs()
        let digest = try XCTUnwrap(signed.firstMatch(of: /<ds:DigestValue>([^<]+)</)?.1)
        let value = try XCTUnwrap(signed.firstMatch(of: /<ds:SignatureValue>([^<]+)</)?.1)
        let flipped = String(value.prefix(10)) + (value.dropFirst(10).first == "A" ? "B" : "A") + String(value.dropFirst(11))
        let exc = ExclusiveC14N.algorithm, enveloped = XMLDSig.envelopedSignature
        let inclusive = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
        let cases: [(from: String, to: String, defect: SignatureDefect)] = [
            (String(value), flipped, .notSignedByPinnedKey),
            
            (String(digest), "not base64!", .malformedDigestValue),
            (String(value), "@@", .malformedSignatureValue),
            ("URI=\"\"", "URI=\"#filing-1\"", .referenceNotWholeDocument(uri: "#filing-1")),
            ("<ds:Transform Algorithm=\"\(exc)\"/>", "", .unsupportedTransforms([enveloped])),
            ("<ds:Transform Algorithm=\"\(enveloped)\"/>", "", .unsupportedTransforms([exc])),
            ("<ds:CanonicalizationMethod Algorithm=\"\(exc)\"/>", "<ds:CanonicalizationMethod Algorithm=\"\(inclusive)\"/>",
             .unsupportedCanonicalization(inclusive)),
            ("<ds:CanonicalizationMethod Algorithm=\"\(exc)\"/>", "<ds:CanonicalizationMethod Algorithm=\"\(exc)WithComments\"/>",
             .unsupportedCanonicalization(exc + "WithComments")),
            (XMLDSig.rsaSHA256, "http://www.w3.org/2000/09/xmldsig#hmac-sha1", .unsupportedSignatureAlgorithm("http://www.w3.org/2000/09/xmldsig#hmac-sha1")),
            (XMLDSig.rsaSHA256, "http://www.w3.org/2000/09/xmldsig#rsa-sha1", .unsupportedSignatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")),
            (XMLDSig.sha256, "http://www.w3.org/2000/09/xmldsig#sha1", .unsupportedDigestAlgorithm("http://www.w3.org/2000/09/xmldsig#sha1")),
            ("<ds:KeyInfo>", "<ds:Object><Filing xmlns=\"urn:example:filing\"/></ds:Object><ds:KeyInfo>",
             .malformedSignature("Signature holds [SignedInfo, SignatureValue, Object, KeyInfo], expected [SignedInfo, SignatureValue, KeyInfo]")),
        ]
        XCTAssertEqual(defects(signed.replacingOccurrences(of: String(digest), with: "AAAA" + digest.dropFirst(4))),
                       [.digestMismatch], "a changed DigestValue: refused at the digest, before any key is tried")
        for (from, to, defect) in cases {
            XCTAssertTrue(signed.contains(from), from)
            XCTAssertEqual(defects(signed.replacingOccurrences(of: from, with: to)), [defect], "\(from) → \(to)")
        }
        let twoReferences = signed.replacingOccurrences(of: "</ds:Reference>", with: "</ds:Reference><ds:Reference URI=\"\"/>")
        XCTAssertEqual(defects(twoReferences), [.referenceCount(2)])
    }

    func testPlacementAndCountOfSignatures() throws {
        let signed = try F.signedByUs()
        let body = try XCTUnwrap(signed.firstMatch(of: /(?s)(<Filing.*)<ds:Signature xmlns/)?.1)
        let signature = try XCTUnwrap(signed.firstMatch(of: /(?s)(<ds:Signature.*<\/ds:Signature>)/)?.1)
        XCTAssertEqual(defects(F.document), [.unsigned])
        // Moved inside <Case>: the digest would still match, but it is no longer enveloping the root.
        let nested = signed.replacingOccurrences(of: String(signature), with: "")
            .replacingOccurrences(of: "</Case>", with: "\(signature)</Case>")
        XCTAssertEqual(defects(nested), [.signatureNotChildOfRoot(parent: "Case")])
        // Wrapping: a forged body at the root, the signed original tucked into a wrapper element.
        let wrapped = """
        <Filing xmlns="urn:example:filing"><Case number="2026-999"><Party role="plaintiff">Mallory</Party></Case>\
        <Wrapper>\(signed.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))</Wrapper></Filing>
        """
        XCTAssertEqual(defects(wrapped), [.signatureNotChildOfRoot(parent: "Filing")])
        // A second signature (the forger's own) beside the original.
        let forged = try XMLSigner(key: .rsa(F.attackerRSA)).sign(Array(F.document.replacingOccurrences(of: "张三", with: "Mallory").utf8))
        let doubled = String(decoding: forged, as: UTF8.self).replacingOccurrences(of: "</Filing>", with: "<Object>\(body)\(signature)</Filing></Object></Filing>")
        XCTAssertEqual(defects(doubled), [.multipleSignatures(count: 2)])
        XCTAssertEqual(defects(String(signature)), [.signatureNotChildOfRoot(parent: "(the document)")])
    }

    func testUnpinnedKeysAndKeyInfoAreNotTrusted() throws {
        let attacker = try XMLSigner(key: .rsa(F.attackerRSA), keyName: XMLSigner.Key.rsa(F.rsa).fingerprint).sign(Array(F.document.utf8))
        XCTAssertEqual(F.verifier.verify(attacker), .invalid([.notSignedByPinnedKey]), "a KeyName naming the pinned key changes nothing")
        let onlyP256 = XMLSignatureVerifier(pinnedKeys: [PinnedKey(label: "p", p256: F.p256.publicKey)])
        XCTAssertEqual(onlyP256.verify(Array(try F.signedByUs().utf8)), .invalid([.noPinnedKeyForAlgorithm(XMLDSig.rsaSHA256)]))
        XCTAssertEqual(onlyP256.verify(Array(try F.signedByUs(.p256(F.attackerP256)).utf8)), .invalid([.notSignedByPinnedKey]))
    }

    func testHostileBytesAreUnreadable() {
        let doctype = "<!DOCTYPE Filing [<!ENTITY e \"x\">]><Filing>&e;</Filing>"
        XCTAssertEqual(defects(doctype), [.unreadable(.doctypeForbidden(document: "document", line: 1))])
    }

    func testPinnedKeysFromPEM() throws {
        let small = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        XCTAssertThrowsError(try PinnedKey(label: "small", pem: small.publicKey.pemRepresentation)) {
            guard case .unusableKey(label: "small", _)? = $0 as? XMLProblem else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try PinnedKey(label: "junk", pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
        let p256 = try PinnedKey(label: "p", pem: F.p256.publicKey.pemRepresentation)
        XCTAssertEqual(p256.fingerprint, XMLSigner.Key.p256(F.p256).fingerprint)
        XCTAssertEqual(p256.fingerprint.count, 64)
    }
}
