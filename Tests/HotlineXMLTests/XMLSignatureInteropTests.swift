import Crypto
import Foundation
import HotlineXML
import XCTest
import _CryptoExtras

/// Signatures checked against xmlsec1 1.2.x, both ways. Skipped without xmlsec1.
final class XMLSignatureInteropTests: XCTestCase {
    typealias F = SignatureFixtures

    func testXmlsecVerifiesOurRSASignature() throws {
        let tool = try XMLSecTool()
        try tool.writeRSA(F.rsa, as: "key")
        let name = XMLSigner.Key.rsa(F.rsa).fingerprint
        let result = try tool.verify(try F.signedByUs(), with: ["--pubkey-pem:\(name)", "key-pub.pem"])
        XCTAssertEqual(result.status, 0, result.output)
        // And xmlsec1 notices tampering, so the check above can fail.
        let tampered = try tool.verify(try F.signedByUs().replacingOccurrences(of: "张三", with: "李四"),
                                       with: ["--pubkey-pem:\(name)", "key-pub.pem"])
        XCTAssertNotEqual(tampered.status, 0, tampered.output)
    }

    func testXmlsecVerifiesOurP256Signature() throws {
        let tool = try XMLSecTool()
        try tool.write("ec-pub.pem", F.p256.publicKey.pemRepresentation)
        let name = XMLSigner.Key.p256(F.p256).fingerprint
        let result = try tool.verify(try F.signedByUs(.p256(F.p256)), with: ["--pubkey-pem:\(name)", "ec-pub.pem"])
        XCTAssertEqual(result.status, 0, result.output)
    }

    func testWeVerifyXmlsecSignatures() throws {
        let tool = try XMLSecTool()
        try tool.writeRSA(F.rsa, as: "key")
        let withCertificate = try tool.sign(template: F.template(keyInfo: "<X509Data/>"), with: ["--privkey-pem", "key.pem,key-cert.pem"])
        XCTAssertTrue(withCertificate.contains("<X509Certificate>"), withCertificate)
        XCTAssertEqual(F.verifier.verify(Array(withCertificate.utf8)), .valid(keyLabel: "unit-rsa"))
        let commented = withCertificate.replacingOccurrences(of: "<Case", with: "<!-- filed late --><Case")
        XCTAssertEqual(F.verifier.verify(Array(commented.utf8)), .valid(keyLabel: "unit-rsa"), "comments are outside Exc-C14N")
        let changed = withCertificate.replacingOccurrences(of: "ACME Ltd.", with: "ACME Ltd")
        XCTAssertEqual(F.verifier.verify(Array(changed.utf8)), .invalid([.digestMismatch]))

        try tool.write("ec.pem", F.p256.pemRepresentation)
        let ecdsa = try tool.sign(template: F.template(signatureMethod: XMLDSig.ecdsaSHA256), with: ["--privkey-pem", "ec.pem"])
        XCTAssertEqual(F.verifier.verify(Array(ecdsa.utf8)), .valid(keyLabel: "unit-p256"))
    }

    func testXmlsecSignaturesByOtherKeysAreRefused() throws {
        let tool = try XMLSecTool()
        try tool.writeRSA(F.attackerRSA, as: "attacker")
        let plain = try tool.sign(template: F.template(), with: ["--privkey-pem", "attacker.pem"])
        XCTAssertEqual(F.verifier.verify(Array(plain.utf8)), .invalid([.notSignedByPinnedKey]))
        // The attacker's certificate in KeyInfo is not a reason to trust the attacker's key.
        let carried = try tool.sign(template: F.template(keyInfo: "<X509Data/>"), with: ["--privkey-pem", "attacker.pem,attacker-cert.pem"])
        XCTAssertTrue(carried.contains("<X509Certificate>"))
        XCTAssertEqual(F.verifier.verify(Array(carried.utf8)), .invalid([.notSignedByPinnedKey]))
    }

    func testXmlsecSignaturesOfOtherShapesAreRefused() throws {
        let tool = try XMLSecTool()
        try tool.writeRSA(F.rsa, as: "key")
        let subtree = try tool.sign(template: F.template(uri: "#filing-1"), with: ["--privkey-pem", "key.pem"],
                                    extra: ["--id-attr:Id", "urn:example:filing:Filing"])
        XCTAssertEqual(F.verifier.verify(Array(subtree.utf8)), .invalid([.referenceNotWholeDocument(uri: "#filing-1")]))

        let rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1", sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
        let legacy = try tool.sign(template: F.template(signatureMethod: rsaSHA1, digestMethod: sha1), with: ["--privkey-pem", "key.pem"])
        XCTAssertTrue(legacy.contains("<SignatureValue>"), legacy)
        XCTAssertEqual(F.verifier.verify(Array(legacy.utf8)), .invalid([.unsupportedSignatureAlgorithm(rsaSHA1)]))
        let sha1Digest = try tool.sign(template: F.template(digestMethod: sha1), with: ["--privkey-pem", "key.pem"])
        XCTAssertEqual(F.verifier.verify(Array(sha1Digest.utf8)), .invalid([.unsupportedDigestAlgorithm(sha1)]))
    }
}
