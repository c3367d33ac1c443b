import Foundation

extension EntityParser {
    /// Fills the MIME fields of `part` from its header (RFC 2045 §5, §6; RFC 2183 §2).
    mutating func describe(_ part: inout MIMEPart, defaultType: ContentType) {
        let header = part.header
        let path = part.path
        var typeParams: MIMEParameters?
        if let field = header.first("Content-Type") {
            let (type, params) = ContentType.parse(field.value)
            typeParams = params
            if let type {
                part.contentType = type
            } else {
                // RFC 2045 §5.2: an invalid Content-Type is taken as text/plain.
                defect("invalidContentType", path, "Content-Type \"\(field.value)\" is not type/subtype; using text/plain")
                var fallback = ContentType.textPlainDefault
                for (name, value) in params.list where fallback.parameters[name] == nil || name == "charset" {
                    fallback.parameters[name] = value
                }
                part.contentType = fallback
            }
            report(params.defects, path)
        } else {
            part.contentType = defaultType
        }
        if let cte = header["Content-Transfer-Encoding"] {
            let token = cte.mailTrimmed.lowercased()
            part.transferEncoding = token.isEmpty ? nil : token
        }
        var dispositionParams: MIMEParameters?
        if let field = header.first("Content-Disposition") {
            let params = MIMEParameters.parse(field.value)
            dispositionParams = params
            // Python decodes encoded-words here too (mail-ruby multiple_invalid_content_dispositions).
            let token = EncodedWords.decode(params.value).mailTrimmed.lowercased()
            part.disposition = token.isEmpty ? nil : token
            report(params.defects, path)
        }
        let name = dispositionParams?.get("filename") ?? typeParams?.get("name")
        part.filename = name.map { $0.mailTrimmed }
    }

    /// Records parameter-parsing defects with readable details.
    mutating func report(_ kinds: [String], _ path: String) {
        for kind in kinds {
            let detail: String
            switch kind {
            case "encodedWordInQuotedString": detail = "RFC 2047 encoded-word inside a quoted parameter value; decoded"
            case "encodedWordInParameter": detail = "RFC 2047 encoded-word inside a parameter value; decoded"
            case "unterminatedQuotedString": detail = "quoted string without its closing quote"
            case "unknownCharset": detail = "parameter in an unknown charset"
            default: detail = "malformed parameter"
            }
            defect(kind, path, detail)
        }
    }
}
