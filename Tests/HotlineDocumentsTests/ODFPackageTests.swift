import HotlineCore
import HotlineXML
import XCTest

@testable import HotlineDocuments

final class ODFPackageTests: XCTestCase {
    private let flat = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
         xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
         xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
         xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
         xmlns:xlink="http://www.w3.org/1999/xlink"
         office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
         <office:meta/>
         <office:styles/>
         <office:body><office:text><text:p>中文<draw:frame draw:name="qrcode" svg:width="1cm" svg:height="1cm">
         <draw:image><office:binary-data>@IMAGE@</office:binary-data></draw:image></draw:frame></text:p>
         <text:p><draw:frame><draw:image><office:binary-data>@IMAGE@</office:binary-data></draw:image></draw:frame></text:p>
         </office:text></office:body>
        </office:document>
        """

    private func flatBytes(image: String? = nil) throws -> [UInt8] {
        let png = PNGImage.encode(try QRCode.matrix(for: "x"), scale: 1)
        let base64 = image ?? Data(png).base64EncodedString(options: .lineLength76Characters)
        return Array(flat.replacingOccurrences(of: "@IMAGE@", with: base64).utf8)
    }

    /// The structure ODF 1.3 Part 2 asks for, checked on any package.
    private func assertWellFormedPackage(_ odt: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
        let first = try XCTUnwrap(ODFPackageReader.firstLocalHeader(odt), file: file, line: line)
        XCTAssertEqual(first.path, "mimetype", file: file, line: line)
        XCTAssertEqual(first.compressionMethod, 0, "mimetype stored", file: file, line: line)
        XCTAssertEqual(first.extraFieldLength, 0, "no extra field", file: file, line: line)
        XCTAssertEqual(first.dataPrefix, Array(ODFNamespace.textMediaType.utf8), file: file, line: line)
        XCTAssertEqual(Array(odt[38..<(38 + 39)]), Array(ODFNamespace.textMediaType.utf8), "media type at byte 38")

        let reader = try ODFPackageReader(bytes: odt)
        XCTAssertEqual(reader.entries.first?.path, "mimetype")
        XCTAssertEqual(reader.entries.filter(\.isStored).map(\.path), ["mimetype"], "everything else deflated")
        let manifest = try XMLTree(parsing: reader.read("META-INF/manifest.xml"))
        XCTAssertEqual(manifest.root.attribute("version", namespace: ODFNamespace.manifest), "1.3")
        let listed = manifest.root.childElements(localName: "file-entry", namespace: ODFNamespace.manifest)
            .compactMap { $0.attribute("full-path", namespace: ODFNamespace.manifest) }
        let present = reader.entries.map(\.path).filter { $0 != "mimetype" && !$0.hasPrefix("META-INF/") }
        XCTAssertEqual(Set(listed), Set(present + ["/"]), "manifest lists exactly the entries", file: file, line: line)
        XCTAssertEqual(listed.count, Set(listed).count, "no entry listed twice")
        for path in present where path.hasSuffix(".xml") {
            XCTAssertNoThrow(try XMLTree(parsing: reader.read(path), name: path), path, file: file, line: line)
        }
    }

    func testPackageStructureAndPictures() throws {
        let odt = try ODFPackage.make(flatODT: flatBytes())
        try assertWellFormedPackage(odt)
        let reader = try ODFPackageReader(bytes: odt)
        let pictures = reader.entries.map(\.path).filter { $0.hasPrefix("Pictures/") }
        XCTAssertEqual(pictures.count, 1, "two identical images share one part")
        let picture = try XCTUnwrap(pictures.first)
        XCTAssertTrue(picture.hasSuffix(".png"))
        XCTAssertEqual(picture.count, "Pictures/".count + 16 + ".png".count)
        XCTAssertTrue(try reader.read(picture).starts(with: PNGImage.signature))

        let content = try XMLTree(parsing: reader.read("content.xml"))
        XCTAssertEqual(content.root.localName, "document-content")
        XCTAssertEqual(content.root.attribute("version", namespace: ODFNamespace.office), "1.3")
        XCTAssertTrue(content.root.descendants(localName: "binary-data", namespace: ODFNamespace.office).isEmpty)
        let images = content.root.descendants(localName: "image", namespace: ODFNamespace.drawing)
        XCTAssertEqual(images.map { $0.attribute("href", namespace: ODFNamespace.xlink) }, [picture, picture])
        XCTAssertTrue(content.root.text.contains("中文"))
        let styles = try XMLTree(parsing: reader.read("styles.xml"))
        XCTAssertEqual(styles.root.localName, "document-styles")
        XCTAssertNotNil(styles.root.firstChild(localName: "styles", namespace: ODFNamespace.office))
        let meta = try XMLTree(parsing: reader.read("meta.xml"))
        XCTAssertEqual(meta.root.localName, "document-meta")
    }

    func testShippedTemplatesPackage() throws {
        for kind in FormKind.allCases {
            let odt = try ODFPackage.make(flatODT: ShippedTemplates.bytes(kind))
            try assertWellFormedPackage(odt)
            let styles = try XMLTree(parsing: ODFPackageReader(bytes: odt).read("styles.xml"))
            XCTAssertNotNil(styles.root.firstChild(localName: "master-styles", namespace: ODFNamespace.office), "\(kind)")
            XCTAssertNotNil(styles.root.firstChild(localName: "font-face-decls", namespace: ODFNamespace.office), "\(kind)")
        }
    }

    func testSameInputSameBytes() throws {
        XCTAssertEqual(try ODFPackage.make(flatODT: flatBytes()), try ODFPackage.make(flatODT: flatBytes()))
    }

    func testRefusals() throws {
        let notFlat = Array("<office:document-content xmlns:office=\"\(ODFNamespace.office)\"/>".utf8)
        XCTAssertThrowsError(try ODFPackage.make(flatODT: notFlat)) {
            XCTAssertEqual($0 as? ODFPackageError, .notFlatDocument(root: "document-content"))
        }
        let noBody = Array("<office:document xmlns:office=\"\(ODFNamespace.office)\"><office:meta/></office:document>".utf8)
        XCTAssertThrowsError(try ODFPackage.make(flatODT: noBody)) { XCTAssertEqual($0 as? ODFPackageError, .missingBody) }
        XCTAssertThrowsError(try ODFPackage.make(flatODT: flatBytes(image: "not base64!"))) {
            XCTAssertEqual($0 as? ODFPackageError, .badEmbeddedImage(line: 11))
        }
        XCTAssertThrowsError(try ODFPackage.make(flatODT: Array("<a>".utf8))) {
            guard case .xml = $0 as? ODFPackageError else { return XCTFail("\($0)") }
        }
    }

    func testReaderLimits() throws {
        let reader = try ODFPackageReader(bytes: ODFPackage.make(flatODT: flatBytes()))
        XCTAssertThrowsError(try reader.read("content.xml", limit: 10)) {
            XCTAssertEqual($0 as? ODFPackageError, .entryTooLarge(path: "content.xml", limit: 10))
        }
        XCTAssertThrowsError(try reader.read("nope.xml")) { XCTAssertEqual($0 as? ODFPackageError, .entryMissing("nope.xml")) }
        XCTAssertThrowsError(try ODFPackageReader(bytes: ODFPackage.make(flatODT: flatBytes()), maxEntries: 2)) {
            XCTAssertEqual($0 as? ODFPackageError, .tooManyEntries(limit: 2))
        }
        XCTAssertThrowsError(try ODFPackageReader(bytes: Array("not a zip".utf8)))
        XCTAssertNil(ODFPackageReader.firstLocalHeader(Array("PK".utf8)))
    }
}
