import Foundation

@testable import HotlineDocuments

/// Minimal feedback-sheet packages built by hand: a `mimetype`, a `content.xml` holding the
/// given user fields, and whatever else a test adds — the base the hostile variants start from.
enum FeedbackODTFixture {
    static let contentOpen = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">\
        <office:body><office:text><text:user-field-decls>
        """
    static let contentClose = "</text:user-field-decls></office:text></office:body></office:document-content>\n"

    /// `text:user-field-decl`s for `fields`, in name order.
    static func decls(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map {
            #"<text:user-field-decl office:value-type="string" office:string-value="\#(XMLText.attribute($0.value))" text:name="\#($0.key)"/>"#
        }.joined(separator: "\n")
    }

    static func content(decls: String) -> [UInt8] { Array((contentOpen + decls + contentClose).utf8) }

    /// The entries of a package: `mimetype` stored first, then `content.xml` deflated.
    static func entries(content: [UInt8], mimetype: String = ODFNamespace.textMediaType) -> [HandmadeZIP.Entry] {
        [HandmadeZIP.Entry("mimetype", Array(mimetype.utf8), stored: true), HandmadeZIP.Entry("content.xml", content)]
    }

    static func odt(fields: [String: String]) -> [UInt8] { odt(decls: decls(fields)) }

    static func odt(decls: String) -> [UInt8] { HandmadeZIP(entries(content: content(decls: decls))).bytes }
}

extension FeedbackODTFixture {
    /// `odt` with its content.xml replaced (every other entry kept, mimetype first and stored).
    static func repackage(_ odt: [UInt8], content: [UInt8]) throws -> [UInt8] {
        let zip = try ODFPackageReader(bytes: odt)
        var entries: [HandmadeZIP.Entry] = []
        for e in zip.entries {
            let data = e.path == "content.xml" ? content : try zip.read(e.path)
            entries.append(HandmadeZIP.Entry(e.path, data, stored: e.path == "mimetype"))
        }
        return HandmadeZIP(entries).bytes
    }
}
