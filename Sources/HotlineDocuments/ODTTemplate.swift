import Foundation
import HotlineCore
import HotlineXML

/// Why a template could not be loaded or a form not rendered.
public enum ODTRenderError: Error, Equatable, Sendable {
    /// The template is not well-formed or breaks the parser's limits.
    case xml(XMLProblem)
    /// The template's root is not `office:document` (a flat ODT, ODF 1.3 Part 3 §2.2.1).
    case notFlatDocument(root: String)
    /// A value was given for a field that is not in this form's catalog (a typo in code).
    case unknownField(String)
    /// Rows were given for a group that is not in this form's catalog.
    case unknownRowGroup(String)
    /// A row item names a field that is not in its group.
    case unknownRowField(group: String, field: String)
    /// A row group's field is shown outside any table row, so there is no row to repeat.
    case rowFieldOutsideTableRow(field: String, line: Int)
    /// The template has no `draw:frame draw:name="qrcode"` holding a `draw:image`.
    case missingQRFrame
    /// Packaging the rendered document failed.
    case package(ODFPackageError)
}

/// A form template, loaded once and rendered many times: a flat ODT whose fields are ODF user
/// fields (`text:user-field-decl` / `text:user-field-get`, ODF 1.3 Part 3 §7.7.8–§7.7.9).
///
/// Why user fields: a clerk can restyle the template in LibreOffice (Edit ▸ Fields) without
/// breaking it, and LibreOffice recalculates a user field's shown text from its declaration when
/// it opens the document. So rendering writes *both* the declaration's `office:string-value` and
/// each `text:user-field-get`'s text, and the clones of a repeated row get their own field names
/// (`assist_unit.1`, `assist_unit.2` …) — with one shared name every row would show the same value.
///
/// The template holds the bytes and re-parses them per render rather than deep-copying a kept
/// tree: libxml2 parses a 20 KB template in well under a millisecond (about 600 forms/s in a
/// debug build, `ODTTemplateTests.testRenderSpeed`), and bytes are `Sendable` where a libxml2
/// tree is not, so one template serves every task.
public struct ODTTemplate: Sendable {
    /// The form this template prints.
    public let kind: FormKind
    /// The fields the template must carry and the renderer accepts.
    public let catalog: FormFieldCatalog
    private let bytes: [UInt8]
    private let limits: XMLLimits

    /// Loads a template: parses it once to check it is a flat ODT with a `qrcode` frame and that
    /// every row-group field sits in a table row. (`TemplateLint` checks the rest for clerks.)
    public init(fodt: [UInt8], kind: FormKind, limits: XMLLimits = .init()) throws {
        self.kind = kind
        self.catalog = .catalog(for: kind)
        self.bytes = fodt
        self.limits = limits
        let tree = try parse()
        _ = try Self.qrImage(in: tree.root)
        _ = try rowTemplates(in: tree.root)
    }

    /// The filled-in flat ODT (`.fodt` bytes).
    ///
    /// - `values`: single fields by catalog name; a name not in the catalog is an error, a field
    ///   without a value renders empty. Newlines become `text:line-break`.
    /// - `rows`: per row group, one dictionary per item; the group's table row is repeated per
    ///   item, and zero items leave one empty row.
    /// - `qrPNG`: the picture for the `qrcode` frame.
    public func render(
        values: [String: String], rows: [String: [[String: String]]] = [:], qrPNG: [UInt8]
    ) throws -> [UInt8] {
        try fill(values: values, rows: rows, qrPNG: qrPNG).serialized()
    }

    /// The filled-in form as an `.odt` package (`ODFPackage`), without a second parse.
    public func renderPackage(
        values: [String: String], rows: [String: [[String: String]]] = [:], qrPNG: [UInt8],
        modified: Date = ODFPackage.fixedDate
    ) throws -> [UInt8] {
        let tree = try fill(values: values, rows: rows, qrPNG: qrPNG)
        do { return try ODFPackage.make(tree: tree, modified: modified) } catch let error as ODFPackageError {
            throw ODTRenderError.package(error)
        }
    }

    /// A freshly parsed tree with every field, row and the QR code filled in.
    func fill(values: [String: String], rows: [String: [[String: String]]], qrPNG: [UInt8]) throws -> XMLTree {
        try check(values: values, rows: rows)
        let tree = try parse()
        let root = tree.root
        var decls: [String: XMLElement] = [:]
        for decl in root.descendants(localName: "user-field-decl", namespace: ODFNamespace.text) {
            if let name = decl.attribute("name", namespace: ODFNamespace.text), decls[name] == nil { decls[name] = decl }
        }
        for (group, templateRows) in try rowTemplates(in: root) {
            repeatRows(templateRows, group: group, items: rows[group.name] ?? [], decls: decls)
        }
        for (name, decl) in decls where catalog.fields.contains(name) {
            decl.setAttribute("string-value", namespace: ODFNamespace.office, value: values[name] ?? "")
        }
        for get in root.descendants(localName: "user-field-get", namespace: ODFNamespace.text) {
            guard let name = get.attribute("name", namespace: ODFNamespace.text), catalog.fields.contains(name) else { continue }
            ODTFieldText.write(values[name] ?? "", into: get)
        }
        let image = try Self.qrImage(in: root)
        ODTFieldText.setBinaryData(qrPNG, of: image)
        return tree
    }

    private func parse() throws -> XMLTree {
        let tree: XMLTree
        do { tree = try XMLTree(parsing: bytes, name: kind.templateFileName, limits: limits) } catch {
            throw ODTRenderError.xml(error)
        }
        guard tree.root.localName == "document", tree.root.namespaceURI == ODFNamespace.office else {
            throw ODTRenderError.notFlatDocument(root: tree.root.localName)
        }
        return tree
    }

    /// Refuses names the catalog does not know: a misspelt key must fail loudly, not print blank.
    private func check(values: [String: String], rows: [String: [[String: String]]]) throws {
        for name in values.keys.sorted() where !catalog.fields.contains(name) {
            throw ODTRenderError.unknownField(name)
        }
        for (groupName, items) in rows.sorted(by: { $0.key < $1.key }) {
            guard let group = catalog.rowGroup(named: groupName) else { throw ODTRenderError.unknownRowGroup(groupName) }
            for item in items {
                for field in item.keys.sorted() where !group.fields.contains(field) {
                    throw ODTRenderError.unknownRowField(group: groupName, field: field)
                }
            }
        }
    }

    /// The `draw:image` inside the frame named `qrcode`.
    static func qrImage(in root: XMLElement) throws -> XMLElement {
        for frame in root.descendants(localName: "frame", namespace: ODFNamespace.drawing)
        where frame.attribute("name", namespace: ODFNamespace.drawing) == "qrcode" {
            if let image = frame.firstChild(localName: "image", namespace: ODFNamespace.drawing) { return image }
        }
        throw ODTRenderError.missingQRFrame
    }
}
