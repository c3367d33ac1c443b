import Foundation

/// The names XML-DSig 1.1 gives to what hotline signs with, and nothing else it accepts.
public enum XMLDSig {
    /// The signature namespace (XML-DSig 1.1 §4, "ds").
    public static let namespace = "http://www.w3.org/2000/09/xmldsig#"
    /// The enveloped-signature transform (XML-DSig 1.1 §6.6.4).
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    /// SHA-256 as a digest method (XML-DSig 1.1 §6.2.2).
    public static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    /// RSASSA-PKCS1-v1_5 with SHA-256 (XML-DSig 1.1 §6.4.2, RFC 6931 §2.3.2).
    public static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    /// ECDSA with SHA-256; the value is r‖s, each as wide as the curve order (XML-DSig 1.1 §6.4.3).
    public static let ecdsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"

    /// Base64 as XML-DSig writes it: XML whitespace is allowed anywhere (xmlsec1 wraps at 64
    /// columns); any other stray character makes the value unreadable.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        let compact = String(String.UnicodeScalarView(text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) }))
        guard !compact.isEmpty, let data = Data(base64Encoded: compact) else { return nil }
        return Array(data)
    }

    static func encodeBase64(_ bytes: some DataProtocol) -> String { Data(bytes).base64EncodedString() }
}
