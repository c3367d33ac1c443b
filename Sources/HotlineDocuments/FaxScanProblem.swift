/// Why a fax attachment could not be scanned for QR codes; each case names its reason.
///
/// "Nothing found" is not a problem: a page without a code is a page of a paper letter (issue 5,
/// item 6). These are the attachments the scanner refuses or could not read.
public enum FaxScanProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The declared media type is not one of TIFF, PDF, PNG, JPEG (or application/octet-stream).
    case unsupportedMediaType(String)
    /// The bytes are not what the media type says: another of our formats, or none (`found` nil).
    case contentMismatch(declared: String, found: FaxDocumentFormat?)
    /// No bytes at all.
    case empty
    /// Larger than `FaxQRScanner.Limits.maxBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// More pages than `FaxQRScanner.Limits.maxPages`.
    case tooManyPages(count: Int, limit: Int)
    /// The document's own structure is broken (a TIFF directory past the end, a loop, strips
    /// outside the file): most often a transfer cut short.
    case malformed(String)
    /// A tool refused the document (exit status and the start of what it said).
    case unreadable(tool: String, status: Int32, message: String)
    /// The attachment declares a picture (a TIFF page, a PDF image, a PNG or JPEG) larger than any fax
    /// page: refused before any tool decodes it — a decompression bomb would hold intake until the
    /// tool deadline (issue 9, item 6).
    case pictureTooLarge(width: Int, height: Int, maxPixels: Int)
    /// The message's scanning time (`ScanBudget`) was used up before this attachment's next tool run.
    case budgetSpent(seconds: Int)
    /// A tool the scanner needs is not installed (zbarimg, pdftoppm, pdfinfo, tiff2pdf).
    case toolMissing(String)
    /// A tool ran past the deadline and was killed.
    case timedOut(tool: String, seconds: Int)
    /// The work folder could not be made or written, or a tool could not be started.
    case io(String)

    public var description: String {
        switch self {
        case .unsupportedMediaType(let type): return "fax attachment of type \(type) is not read (TIFF, PDF, PNG, JPEG only)"
        case .contentMismatch(let declared, let found):
            return "fax attachment declared \(declared) is \(found.map { "a \($0.rawValue.uppercased())" } ?? "none of TIFF, PDF, PNG, JPEG")"
        case .empty: return "fax attachment is empty"
        case .tooLarge(let bytes, let limit): return "fax attachment of \(bytes) bytes is over the limit of \(limit)"
        case .tooManyPages(let count, let limit): return "fax of \(count) pages is over the limit of \(limit)"
        case .malformed(let why): return "fax attachment is malformed: \(why)"
        case .unreadable(let tool, let status, let message):
            return "fax attachment is unreadable (\(tool) exit \(status)): \(message)"
        case .pictureTooLarge(let width, let height, let maxPixels):
            return "fax attachment declares a \(width)×\(height) picture, larger than any fax page or photo of one "
                + "(\(maxPixels / 1_000_000) megapixels, \(FaxQRScanner.Limits.maxPictureSide) a side at most): not decoded"
        case .budgetSpent(let seconds): return "the \(seconds) s for scanning this message's attachments were used up: not scanned"
        case .toolMissing(let tool): return "\(tool) is not installed (scripts/install-deps.sh)"
        case .timedOut(let tool, let seconds): return "\(tool) ran over \(seconds) s on the fax attachment and was stopped"
        case .io(let why): return "fax scan failed: \(why)"
        }
    }
}
