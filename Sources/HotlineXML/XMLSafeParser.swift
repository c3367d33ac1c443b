import CLibXML2

/// The hostile-input parse behind `XMLTree(parsing:)`: byte checks first, then libxml2 with
/// DTDs, network and XInclude off, and hotline's own depth and element counters on its SAX path.
enum XMLSafeParser {
    /// libxml2 options: never the network, big line numbers, and nothing that loads or
    /// substitutes (no `XML_PARSE_NOENT`, `DTDLOAD`, `DTDATTR`, `XINCLUDE`). The declared encoding
    /// is ignored: the bytes were checked to be UTF-8 and are read as such.
    static func options(for limits: XMLLimits) -> Int32 {
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_IGNORE_ENC.rawValue
        // libxml2 refuses nesting past 256 unless told otherwise; hotline's own counter rules.
        if limits.maxDepth > 256 { options |= XML_PARSE_HUGE.rawValue }
        return Int32(bitPattern: options)
    }

    static func parse(_ bytes: [UInt8], name: String, limits: XMLLimits) throws(XMLProblem) -> xmlDocPtr {
        _ = libxml2Initialized
        guard bytes.count <= limits.maxBytes, bytes.count < Int(Int32.max) else {
            throw .tooLarge(document: name, bytes: bytes.count, limit: limits.maxBytes)
        }
        if let offset = InputCheck.firstNonUTF8Offset(bytes) { throw .notUTF8(document: name, offset: offset) }
        if let declared = InputCheck.declaredEncoding(bytes),
           !["utf-8", "utf8"].contains(declared.lowercased()) {
            throw .unsupportedEncoding(document: name, declared: declared)
        }
        if let offset = InputCheck.doctypeOffset(bytes) {
            throw .doctypeForbidden(document: name, line: InputCheck.line(of: offset, in: bytes))
        }
        guard let context = xmlNewParserCtxt() else { throw .libxml2Failed(document: name, operation: "create a parser") }
        defer { xmlFreeParserCtxt(context) }
        let watch = ParseWatch(limits: limits)
        guard let sax = context.pointee.sax else { throw .libxml2Failed(document: name, operation: "create a parser") }
        watch.start = sax.pointee.startElementNs
        watch.end = sax.pointee.endElementNs
        sax.pointee.startElementNs = ParseWatch.startElement
        sax.pointee.endElementNs = ParseWatch.endElement
        sax.pointee.internalSubset = ParseWatch.doctype
        sax.pointee.serror = ParseWatch.structuredError
        sax.pointee.initialized = XML_SAX2_MAGIC
        context.pointee._private = Unmanaged.passUnretained(watch).toOpaque()

        let document: xmlDocPtr? = withExtendedLifetime(watch) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, "UTF-8", options(for: limits))
                }
            }
        }
        // Every document has a root element, so a parse that never reached the counter ran unwatched.
        if watch.stop == nil, document != nil, watch.elements == 0 { watch.stop = .lostContext }
        if let stop = watch.stop {
            if let document { xmlFreeDoc(document) }
            switch stop {
            case let .doctype(line): throw .doctypeForbidden(document: name, line: line)
            case let .depth(line): throw .tooDeep(document: name, line: line, limit: limits.maxDepth)
            case let .count(line): throw .tooManyElements(document: name, line: line, limit: limits.maxElements)
            case .lostContext: throw .libxml2Failed(document: name, operation: "track the parse")
            }
        }
        guard let document, context.pointee.wellFormed != 0, context.pointee.nsWellFormed != 0,
              xmlDocGetRootElement(document) != nil else {
            if let document { xmlFreeDoc(document) }
            let first = watch.diagnostics.details.first
                ?? .init(line: 0, message: "libxml2 returned no document", code: Int(context.pointee.errNo))
            throw .notWellFormed(document: name, first)
        }
        // Belt and braces: no DTD may have slipped into the tree.
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw .doctypeForbidden(document: name, line: 0)
        }
        return document
    }
}

/// State the SAX callbacks share during one parse, reached through the context's `_private`.
private final class ParseWatch {
    enum Stop { case doctype(line: Int), depth(line: Int), count(line: Int), lostContext }

    let limits: XMLLimits
    var depth = 0
    var elements = 0
    var stop: Stop?
    var start: startElementNsSAX2Func?
    var end: endElementNsSAX2Func?
    let diagnostics = LibXMLDiagnostics()

    init(limits: XMLLimits) { self.limits = limits }

    /// The watch of a parser context, given the SAX user data (which libxml2 sets to the context).
    static func of(_ userData: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, ParseWatch)? {
        guard let userData else { return nil }
        let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let watch = context.pointee._private else { return nil }
        return (context, Unmanaged<ParseWatch>.fromOpaque(watch).takeUnretainedValue())
    }

    static func line(_ context: xmlParserCtxtPtr) -> Int { Int(context.pointee.input?.pointee.line ?? 0) }

    func halt(_ context: xmlParserCtxtPtr, _ reason: Stop) {
        if stop == nil { stop = reason }
        xmlStopParser(context)
    }

    static let startElement: startElementNsSAX2Func = { ctx, localname, prefix, uri, nbNs, namespaces, nbAttrs, nbDefaulted, attrs in
        guard let (context, watch) = of(ctx) else {
            if let ctx { xmlStopParser(ctx.assumingMemoryBound(to: xmlParserCtxt.self)) }
            return
        }
        watch.depth += 1
        watch.elements += 1
        if watch.depth > watch.limits.maxDepth { return watch.halt(context, .depth(line: line(context))) }
        if watch.elements > watch.limits.maxElements { return watch.halt(context, .count(line: line(context))) }
        watch.start?(ctx, localname, prefix, uri, nbNs, namespaces, nbAttrs, nbDefaulted, attrs)
    }

    static let endElement: endElementNsSAX2Func = { ctx, localname, prefix, uri in
        guard let (_, watch) = of(ctx) else { return }
        watch.depth -= 1
        watch.end?(ctx, localname, prefix, uri)
    }

    static let doctype: internalSubsetSAXFunc = { ctx, _, _, _ in
        guard let ctx else { return }
        let context = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let (_, watch) = of(ctx) else { return xmlStopParser(context) }
        watch.halt(context, .doctype(line: line(context)))
    }

    static let structuredError: xmlStructuredErrorFunc = { ctx, error in
        guard let error, let (_, watch) = of(ctx) else { return }
        watch.diagnostics.record(error)
    }
}
