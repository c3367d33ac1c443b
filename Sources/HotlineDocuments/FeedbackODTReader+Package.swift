import HotlineXML

/// The package checks of a returned `.odt` before its content is read (issue 9 item 6): what
/// an office suite writes, or a refusal that names what is wrong — never "no sheet", which
/// would let a damaged or encrypted reply pass without a return notice.
extension FeedbackODTReader {
    /// The manifest is read up to this size: LibreOffice's is some 1–2 KB.
    static let maxManifestBytes = 1 << 20

    /// `mimetype` (ODF 1.3 Part 2 §3.3): present, ODF text, the first entry and stored; then the
    /// manifest (§4): safe XML, and no `manifest:encryption-data` (§4.8) — an encrypted
    /// `content.xml` would otherwise surface as "not UTF-8".
    func checkPackage(_ zip: ZIPReader, name: String) throws(FeedbackODTProblem) {
        var mimetype: String?
        if zip.entry("mimetype") != nil {
            do { mimetype = String(decoding: try zip.read("mimetype", limit: 256), as: UTF8.self) } catch { throw .package(error) }
        }
        guard mimetype == ODFNamespace.textMediaType else { throw .notODFText(found: mimetype) }
        let first = zip.entries.min { $0.headerOffset < $1.headerOffset }
        guard let first, first.name == "mimetype", first.headerOffset == 0, first.method == 0 else {
            throw .mimetypeNotFirst(firstEntry: first?.name, stored: first?.method == 0)
        }
        let manifestName = "META-INF/manifest.xml"
        guard zip.entry(manifestName) != nil else { return }  // optional for a reader (§4.1); LibreOffice writes one
        let bytes: [UInt8]
        do { bytes = try zip.read(manifestName, limit: Self.maxManifestBytes) } catch { throw .package(error) }
        let manifest: XMLTree
        do { manifest = try XMLTree(parsing: bytes, name: "\(name)/\(manifestName)", limits: xmlLimits) } catch { throw .manifest(error) }
        if !manifest.root.descendants(localName: "encryption-data", namespace: ODFNamespace.manifest).isEmpty {
            throw .passwordProtected
        }
    }
}
