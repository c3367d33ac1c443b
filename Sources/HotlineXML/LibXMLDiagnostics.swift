import CLibXML2

/// Collects libxml2's structured errors instead of letting them reach stderr.
///
/// libxml2 reports through callbacks; hotline turns each report into an `XMLProblem.Detail` and
/// keeps at most `limit` of them (a hostile document can raise thousands).
final class LibXMLDiagnostics {
    private(set) var details: [XMLProblem.Detail] = []
    let limit: Int

    init(limit: Int = 100) { self.limit = limit }

    func record(_ error: UnsafePointer<xmlError>) {
        guard details.count < limit else { return }
        let e = error.pointee
        let message = e.message.map { String(cString: $0) } ?? "libxml2 error \(e.code)"
        details.append(.init(line: Int(e.line), column: Int(e.int2),
                             message: message.trimmingTrailingNewlines(), code: Int(e.code)))
    }

    /// An opaque pointer for a C callback's context argument; valid while `self` is alive.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> LibXMLDiagnostics? {
        opaque.map { Unmanaged<LibXMLDiagnostics>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The structured-error callback for a context whose user data is `opaque`.
    static let structuredHandler: xmlStructuredErrorFunc = { context, error in
        guard let error else { return }
        LibXMLDiagnostics.from(context)?.record(error)
    }

    /// Runs `body` with this thread's global libxml2 error handlers pointed at `self`, restoring
    /// the previous ones afterwards.
    ///
    /// libxml2 keeps those handlers per thread; code that raises errors without a parser context
    /// (C14N, saving) would otherwise write to stderr. `body` is synchronous, so it cannot change
    /// threads in between.
    func capturingGlobalErrors<T>(_ body: () throws -> T) rethrows -> T {
        let oldStructured = __xmlStructuredError().pointee
        let oldStructuredContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(opaque, LibXMLDiagnostics.structuredHandler)
        defer {
            xmlSetStructuredErrorFunc(oldStructuredContext, oldStructured)
        }
        return try withExtendedLifetime(self) { try body() }
    }
}

/// Sets libxml2 up once, before any thread uses it: its global state, and an external entity
/// loader that loads nothing, process-wide.
///
/// hotline never wants libxml2 to read a file or URL on a document's say-so (DTDs, entities,
/// schema includes); the loader is the backstop should any path still try.
let libxml2Initialized: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" || last == " " { s = s.dropLast() }
        return String(s)
    }

    /// Calls `body` with a NUL-terminated `xmlChar` copy of the string.
    func withXMLChars<T>(_ body: (UnsafePointer<xmlChar>) throws -> T) rethrows -> T {
        try withCString { try $0.withMemoryRebound(to: xmlChar.self, capacity: utf8.count + 1, body) }
    }

    /// A string from libxml2 text that the caller owns and this frees.
    init?(ownedXMLChars pointer: UnsafeMutablePointer<xmlChar>?) {
        guard let pointer else { return nil }
        defer { clibxml2_free(pointer) }
        self = String(cString: pointer)
    }

    /// A string from libxml2 text it keeps.
    init?(xmlChars pointer: UnsafePointer<xmlChar>?) {
        guard let pointer else { return nil }
        self = String(cString: pointer)
    }
}
