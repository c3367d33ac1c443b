import HotlineCore

/// The form renderer's twin: the unsigned XML as `FormXMLWriter` writes it, and in place of an ODT
/// a short text naming the form and its QR payload. For tests of the form desk without libxml2,
/// keys or templates.
public struct PlainFormRenderer: FormRendering {
    public var writer: FormXMLWriter

    public init(writer: FormXMLWriter) {
        self.writer = writer
    }

    public func render(_ form: Form, qrText: String) throws -> RenderedForm {
        RenderedForm(xml: Array(writer.xml(form).utf8), odt: Array("ODT twin \(form.kind.rawValue)\nQR \(qrText)\n".utf8))
    }
}
