/// What `FaxQRScanner` read off one fax attachment: the QR texts of every page.
///
/// Texts are as the code carries them, not yet checked: `FormQRPayload.parse` decides which are
/// the center's own forms (the tag must check) and which are someone else's.
public struct FaxScan: Sendable, Equatable {
    /// The format the bytes were read as.
    public var format: FaxDocumentFormat
    /// Pages in the document (1 for PNG and JPEG).
    public var pageCount: Int
    /// One entry per page, in order.
    public var pages: [FaxPageScan]

    public init(format: FaxDocumentFormat, pageCount: Int, pages: [FaxPageScan]) {
        self.format = format
        self.pageCount = pageCount
        self.pages = pages
    }

    /// Every QR text of the document, page by page.
    public var codes: [String] { pages.flatMap(\.codes) }
}

/// The QR texts of one page.
public struct FaxPageScan: Sendable, Equatable {
    /// 1-based.
    public var number: Int
    /// The decoded QR texts, in the order zbar reports them; empty when the page has none.
    public var codes: [String]
    /// True when the codes were found only after the 3×3 median filter (a noisy page).
    public var medianFiltered: Bool

    public init(number: Int, codes: [String], medianFiltered: Bool = false) {
        self.number = number
        self.codes = codes
        self.medianFiltered = medianFiltered
    }
}
