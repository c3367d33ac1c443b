import Foundation
import HotlineCore

/// Issued forms as files for clerks: `<outbox>/forms/<case>/<form number>-<short title>.xml|.odt|.pdf`
/// (issue 4, item 5). The store keeps the same bytes; these files are a copy to open and print, so
/// they are written after the form is committed and can be written again from the store.
///
/// Every name is built from a case number and a form number, whose grammar admits only letters,
/// digits and `-`: nothing taken from mail ever becomes part of a path.
public struct FormFolder: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The folder of one case.
    public func folder(for number: CaseNumber) -> String {
        (root as NSString).appendingPathComponent(number.description)
    }

    /// The path of a form's file with the given extension (`xml`, `odt`, `pdf`).
    public func path(_ form: IssuedForm, ext: String) -> String {
        (folder(for: form.caseNumber) as NSString).appendingPathComponent("\(form.number)-\(form.kind.shortTitle).\(ext)")
    }

    /// Writes the XML and the ODT of each form; returns the paths written.
    @discardableResult
    public func write(_ forms: [IssuedForm]) throws -> [String] {
        var written: [String] = []
        for form in forms {
            try FileManager.default.createDirectory(atPath: folder(for: form.caseNumber), withIntermediateDirectories: true)
            for (ext, bytes) in [("xml", form.xml), ("odt", form.odt)] {
                let p = path(form, ext: ext)
                try FolderFiles.writeAtomically(bytes, to: p)
                written.append(p)
            }
        }
        return written
    }

    /// Writes the PDF of a form (made by LibreOffice from its ODT); returns the path.
    @discardableResult
    public func writePDF(_ pdf: [UInt8], for form: IssuedForm) throws -> String {
        try FileManager.default.createDirectory(atPath: folder(for: form.caseNumber), withIntermediateDirectories: true)
        let p = path(form, ext: "pdf")
        try FolderFiles.writeAtomically(pdf, to: p)
        return p
    }
}
