import Crypto
import Foundation
import HotlineXML
import XCTest
import _CryptoExtras

/// Keys, documents and the xmlsec1 command line for the signature tests.
enum SignatureFixtures {
    /// Two RSA-2048 keys (the pinned signer, an attacker) and two P-256 keys, made once per run.
    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let attackerRSA = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    nonisolated(unsafe) static let p256 = P256.Signing.PrivateKey()
    nonisolated(unsafe) static let attackerP256 = P256.Signing.PrivateKey()

    static var verifier: XMLSignatureVerifier {
        XMLSignatureVerifier(pinnedKeys: [
            try! PinnedKey(label: "unit-rsa", pem: rsa.publicKey.pemRepresentation),
            PinnedKey(label: "unit-p256", p256: p256.publicKey),
        ])
    }

    static let document = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Filing xmlns="urn:example:filing" xmlns:x="urn:example:extra" Id="filing-1">
      <Case number="2026-001">
        <Party role="plaintiff">张三</Party>
        <Party role="defendant">ACME Ltd.</Party>
      </Case>
    </Filing>
    """

    /// The document with an empty `Signature` for `xmlsec1 --sign`, like the reference fixture.
    static func template(signatureMethod: String = XMLDSig.rsaSHA256, digestMethod: String = XMLDSig.sha256,
                         uri: String = "", keyInfo: String = "<KeyName/>") -> String {
        document.replacingOccurrences(of: "\n</Filing>", with: """

          <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
            <SignedInfo>
              <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
              <SignatureMethod Algorithm="\(signatureMethod)"/>
              <Reference URI="\(uri)">
                <Transforms>
                  <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                  <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
                </Transforms>
                <DigestMethod Algorithm="\(digestMethod)"/>
                <DigestValue/>
              </Reference>
            </SignedInfo>
            <SignatureValue/>
            <KeyInfo>\(keyInfo)</KeyInfo>
          </Signature>
        </Filing>
        """)
    }

    /// Our own RSA-signed copy of `document`.
    static func signedByUs(_ key: XMLSigner.Key = .rsa(rsa)) throws -> String {
        String(decoding: try XMLSigner(key: key, keyName: key.fingerprint).sign(Array(document.utf8)), as: UTF8.self)
    }
}

/// xmlsec1 and openssl, run in a temporary directory.
final class XMLSecTool {
    let directory: URL
    let xmlsec1: String

    /// Skips the calling test when xmlsec1 is missing (scripts/install-deps.sh test installs it).
    init() throws {
        guard let path = Self.which("xmlsec1") else {
            throw XCTSkip("xmlsec1 is not on PATH; scripts/install-deps.sh test installs it for CI")
        }
        xmlsec1 = path
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-xmldsig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    /// Runs a tool; returns its exit status and merged output.
    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Writes `key` as key.pem-style files and a self-signed certificate made by openssl.
    func writeRSA(_ key: _RSA.Signing.PrivateKey, as name: String) throws {
        try write("\(name).pem", key.pemRepresentation)
        try write("\(name)-pub.pem", key.publicKey.pemRepresentation)
        let openssl = try XCTUnwrap(Self.which("openssl"), "openssl is needed for certificates")
        let result = try run(openssl, ["req", "-new", "-x509", "-key", "\(name).pem", "-subj", "/CN=\(name)",
                                       "-days", "2", "-out", "\(name)-cert.pem"])
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// `xmlsec1 --sign`; returns the signed document.
    func sign(template: String, with keyArguments: [String], extra: [String] = []) throws -> String {
        try write("tmpl.xml", template)
        let result = try run(xmlsec1, ["--sign"] + keyArguments + extra + ["--output", "out.xml", "tmpl.xml"])
        XCTAssertEqual(result.status, 0, "xmlsec1 --sign: \(result.output)")
        return try read("out.xml")
    }

    /// `xmlsec1 --verify`; returns its status and output.
    func verify(_ document: String, with keyArguments: [String]) throws -> (status: Int32, output: String) {
        try write("signed.xml", document)
        return try run(xmlsec1, ["--verify"] + keyArguments + ["signed.xml"])
    }
}
