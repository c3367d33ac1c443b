import _CryptoExtras
import Foundation
import HotlineCore
import HotlineXML

/// Renders every form the center issues (issue 4, items 2–4): the signed XML (`SignedFormXML`)
/// and the ODT from the clerks' template with the QR code. The real `FormRendering`.
///
/// Templates and the schema are read and checked once, at start; a template a clerk broke stops
/// the command with the template's name rather than producing a bad form.
public struct FormDocuments: FormRendering {
    public let xml: SignedFormXML
    public let templates: [FormKind: ODTTemplate]
    public let timeZone: TimeZone

    public init(xml: SignedFormXML, templates: [FormKind: ODTTemplate], timeZone: TimeZone) {
        self.xml = xml
        self.templates = templates
        self.timeZone = timeZone
    }

    /// Why the templates folder cannot be used.
    public struct LoadProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads the program's schema and the four `.fodt` templates from `source`.
    public static func load(templates source: TemplateSource, signingKey: _RSA.Signing.PrivateKey,
                            timeZone: TimeZone) throws -> FormDocuments {
        let schema: XMLSchema
        do { schema = try ShippedForms.compiledSchema() } catch let e as XMLProblem {
            throw LoadProblem(description: e.description)
        }
        var templates: [FormKind: ODTTemplate] = [:]
        for kind in FormKind.allCases {
            let bytes = try source.template(kind)
            // A template a clerk broke (a field deleted, {{…}} typed, no Chinese font) must not print forms.
            let problems = TemplateLint.check(fodt: bytes, kind: kind)
            guard problems.isEmpty else {
                throw LoadProblem(description: "template \(kind.templateFileName) has \(problems.count) problem(s), so no form is issued: "
                                  + problems.prefix(5).map { "line \($0.line): \($0)" }.joined(separator: "; ")
                                  + " (hotline templates check lists them all)")
            }
            do {
                templates[kind] = try ODTTemplate(fodt: bytes, kind: kind)
            } catch let e as LoadProblem {
                throw e
            } catch {
                throw LoadProblem(description: "template \(kind.templateFileName): \(error) (hotline templates check explains)")
            }
        }
        let key = XMLSigner.Key.rsa(signingKey)
        let signed = SignedFormXML(writer: FormXMLWriter(timeZone: timeZone), schema: schema,
                                   signer: XMLSigner(key: key, keyName: key.fingerprint))
        return FormDocuments(xml: signed, templates: templates, timeZone: timeZone)
    }

    public func render(_ form: Form, qrText: String) throws -> RenderedForm {
        guard let template = templates[form.kind] else { throw LoadProblem(description: "no template for \(form.kind.rawValue)") }
        let xml = try xml.signed(form)
        let fields = FormTemplateValues(form, timeZone: timeZone)
        let odt = try template.renderPackage(values: fields.values, rows: fields.rows, qrPNG: try QRCode.png(for: qrText))
        return RenderedForm(xml: xml, odt: odt)
    }
}
