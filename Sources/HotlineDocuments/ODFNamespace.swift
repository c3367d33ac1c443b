/// The ODF namespace names hotline reads and writes (ODF 1.3 Part 3 §1.5, Part 2 §4.2).
///
/// Elements are found by local name *and* namespace, never by prefix: a template saved by
/// another LibreOffice version may bind different prefixes.
public enum ODFNamespace {
    public static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    public static let style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    public static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    public static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    public static let drawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
    public static let fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    public static let svg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
    public static let meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    public static let manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    public static let xlink = "http://www.w3.org/1999/xlink"

    /// The media type of an ODF text document (ODF 1.3 Part 2 §3.3, Part 3 Appendix C).
    public static let textMediaType = "application/vnd.oasis.opendocument.text"
}
