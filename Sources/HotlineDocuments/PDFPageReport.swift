/// What `pdfinfo -f 1 -l N` says about a PDF: its page count and the size of the first N pages.
///
/// Pure: parses the tool's text (poppler 22, `Pages:  3` and `Page    1 size: 621.18 x 817.71
/// pts`). The scanner checks the count against its limit before rasterising anything, and the
/// sizes to keep a page with a giant media box from becoming a giant bitmap.
struct PDFPageReport: Equatable {
    var pageCount: Int
    /// Width and height in points (1/72 inch), by page number; pages pdfinfo did not list are absent.
    var sizes: [Int: (width: Double, height: Double)]

    static func == (a: PDFPageReport, b: PDFPageReport) -> Bool {
        a.pageCount == b.pageCount && a.sizes.count == b.sizes.count
            && a.sizes.allSatisfy { key, size in b.sizes[key].map { $0 == size } ?? false }
    }

    init(pageCount: Int, sizes: [Int: (width: Double, height: Double)]) {
        self.pageCount = pageCount
        self.sizes = sizes
    }

    /// Parses pdfinfo's output; nil when it names no page count.
    init?(pdfinfo text: String) {
        var count: Int?
        var sizes: [Int: (width: Double, height: Double)] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count == 2, words[0] == "Pages:" {
                count = Int(words[1])
            } else if words.count >= 6, words[0] == "Page", words[2] == "size:", words[4] == "x",
                      let page = Int(words[1]), let w = Double(words[3]), let h = Double(words[5]) {
                sizes[page] = (w, h)
            }
        }
        guard let count else { return nil }
        self.init(pageCount: count, sizes: sizes)
    }
}
