import Foundation
import HotlineCore
import HotlineXML

/// Reads the feedback sheet a unit returned as `.docx` (issue 9 item 5): the same blank sheet,
/// opened in Word, WPS or LibreOffice, filled and saved as Office Open XML.
///
/// LibreOffice writes each user field as a document variable (`w:docVar`, ECMA-376 Part 1
/// §17.15.1.96, in `word/settings.xml`) and shows it in its cell through a `DOCVARIABLE` field
/// (§17.16.5.16). Word and WPS cannot edit those variables; clerks type into the cells. So the
/// sheet is read as `FeedbackODTReader` reads an ODT — a person's reading of the table, the
/// variable's value if set, else the cell's text (`FeedbackSheetTable`) — and then through the
/// same `FeedbackODTReader.sheet(from:)`, identity first.
///
/// The steps, each refusing with its own `FeedbackODTProblem`:
/// 1. an encrypted OOXML document is an OLE compound file, not a ZIP: `passwordProtected`;
/// 2. the ZIP layer (`ZIPReader`) within the ODT reader's `zipLimits`;
/// 3. `[Content_Types].xml` names a WordprocessingML main part (ECMA-376 Part 2 §10.1.2.2);
/// 4. that part, and `word/settings.xml` when present, parsed by `XMLTree` within `xmlLimits`.
public struct FeedbackDOCXReader: Sendable {
    public let odt: FeedbackODTReader

    public init(_ odt: FeedbackODTReader) { self.odt = odt }

    /// WordprocessingML's namespace, transitional and strict (ECMA-376 Part 1 §A.1, Part 1 2016 strict).
    static let wordNamespaces: Set<String> = ["http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                              "http://purl.oclc.org/ooxml/wordprocessingml/main"]
    static let contentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types"
    /// The content types of a main document part: document, template (ECMA-376 Part 1 §11.3.10).
    static let mainPartTypes: Set<String> = ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                             "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"]
    /// The media type of a `.docx` attachment.
    public static let mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    /// The OLE compound file signature ([MS-CFB] §2.2), which an encrypted OOXML document starts with.
    static let compoundFileSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Reads a filled `.docx`; `name` (the attachment's file name) is used in messages.
    public func read(_ bytes: [UInt8], name: String = "feedback.docx") throws(FeedbackODTProblem) -> FilledFeedbackSheet {
        if bytes.starts(with: Self.compoundFileSignature) {
            // [MS-OFFCRYPTO] §2.3.4: the encrypted package's streams are EncryptionInfo and EncryptedPackage.
            let stream = Array("EncryptionInfo".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }  // a UTF-16LE directory name
            if bytes.firstRange(of: stream) != nil {
                throw .passwordProtected
            }
            throw .notWordDocument(found: "an OLE compound file (a .doc of Word 97–2003?)")
        }
        let zip: ZIPReader
        do { zip = try ZIPReader(bytes: bytes, limits: odt.zipLimits) } catch { throw .package(error) }
        let mainPart = try mainPart(zip, name: name)
        guard zip.entry(mainPart) != nil else { throw .missingContent }
        let document = try parse(zip, mainPart, name: name)
        guard document.root.localName == "document", Self.isWord(document.root) else {
            throw .notODFContent(root: document.root.prefix.map { "\($0):\(document.root.localName)" } ?? document.root.localName)
        }
        var fields = UserFields(values: [:])
        if zip.entry("word/settings.xml") != nil {
            fields = Self.documentVariables(try parse(zip, "word/settings.xml", name: name).root)
        }
        fields.read(DOCXSheetTable.table(under: document.root))
        return try odt.sheet(from: fields)
    }

    /// The main part's entry name, from `[Content_Types].xml`'s `Override` for it.
    func mainPart(_ zip: ZIPReader, name: String) throws(FeedbackODTProblem) -> String {
        let typesName = "[Content_Types].xml"
        guard zip.entry(typesName) != nil else { throw .notWordDocument(found: "a ZIP archive without \(typesName)") }
        let types = try parse(zip, typesName, name: name).root
        let main = types.childElements(localName: "Override", namespace: Self.contentTypesNamespace).first {
            Self.mainPartTypes.contains(($0.attribute("ContentType") ?? "").lowercased())
        }
        guard let part = main?.attribute("PartName"), part.hasPrefix("/"), part.count > 1 else {
            throw .notWordDocument(found: "no WordprocessingML main part in \(typesName)")
        }
        return String(part.dropFirst())
    }

    private func parse(_ zip: ZIPReader, _ entry: String, name: String) throws(FeedbackODTProblem) -> XMLTree {
        let bytes: [UInt8]
        do { bytes = try zip.read(entry, limit: odt.xmlLimits.maxBytes) } catch { throw .package(error) }
        do { return try XMLTree(parsing: bytes, name: "\(name)/\(entry)", limits: odt.xmlLimits) } catch { throw .content(error) }
    }

    /// `w:docVars/w:docVar` (§17.15.1.96–97): each variable's name and value, the first of a name read.
    static func documentVariables(_ settings: XMLElement) -> UserFields {
        var fields = UserFields(values: [:])
        for variable in settings.descendants(localName: "docVar") where isWord(variable) {
            guard let name = wordAttribute(variable, "name") else { continue }
            guard fields.values[name] == nil else {
                fields.notes.append(.duplicateField(name: name))
                continue
            }
            fields.values[name] = wordAttribute(variable, "val") ?? ""
        }
        return fields
    }

    static func isWord(_ element: XMLElement) -> Bool { element.namespaceURI.map(wordNamespaces.contains) ?? false }

    /// A `w:` attribute, in whichever WordprocessingML namespace the element is.
    static func wordAttribute(_ element: XMLElement, _ localName: String) -> String? {
        element.attribute(localName, namespace: element.namespaceURI)
    }
}
