import Foundation
import HotlineCore
import HotlineXML

/// The forms schema and the default templates, compiled into the program (issue 9, item 4).
///
/// They are package resources embedded in code from `templates/` (through the `Shipped` link), so
/// `hotline` run from any working directory, or installed on its own, issues forms and reads units'
/// feedback sheets. The schema is the program's — it says what the forms we write and read are —
/// and is never taken from a folder; the templates are the defaults a `[forms] templates` folder
/// overrides (a clerk's restyled copies, which `hotline init` writes for a new center).
public enum ShippedForms {
    /// `forms.xsd`.
    public static var schema: [UInt8] { PackageResources.forms_xsd }

    /// The default flat-ODT template of `kind`.
    public static func template(_ kind: FormKind) -> [UInt8] {
        switch kind {
        case .approval: PackageResources.approval_fodt
        case .assignment: PackageResources.assignment_fodt
        case .supervision: PackageResources.supervision_fodt
        case .feedback: PackageResources.feedback_fodt
        }
    }

    /// The schema, compiled by libxml2.
    public static func compiledSchema() throws -> XMLSchema {
        try XMLSchema(xsd: schema, name: "forms.xsd")
    }

    /// What a templates folder for a new center holds: the four templates and the clerks' README
    /// (the schema is the program's and is not copied).
    public static var templateFiles: [(name: String, bytes: [UInt8])] {
        FormKind.allCases.map { ($0.templateFileName, template($0)) } + [("README.md", PackageResources.README_md)]
    }
}

/// Where the form templates come from: the program's own, or a folder a clerk keeps.
public enum TemplateSource: Sendable, Equatable, CustomStringConvertible {
    case shipped
    /// Every template must be there: a folder that lacks one is an error, not a silent default.
    case folder(String)

    public var description: String {
        switch self {
        case .shipped: "the templates shipped with hotline"
        case .folder(let path): "the templates folder \(path)"
        }
    }

    /// The template of `kind`; throws with the path when a folder cannot give it.
    public func template(_ kind: FormKind) throws -> [UInt8] {
        switch self {
        case .shipped: return ShippedForms.template(kind)
        case .folder(let folder):
            let path = (folder as NSString).appendingPathComponent(kind.templateFileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FormDocuments.LoadProblem(description: "cannot read \(path) (the [forms] templates folder)")
            }
            return [UInt8](data)
        }
    }

    /// Where `hotline templates check` and error messages point for `kind`.
    public func location(_ kind: FormKind) -> String {
        switch self {
        case .shipped: "(shipped) \(kind.templateFileName)"
        case .folder(let folder): (folder as NSString).appendingPathComponent(kind.templateFileName)
        }
    }
}
