import Foundation

/// Reads the QR codes off a fax attachment, page by page (issue 5, item 6).
///
/// A fax gateway sends TIFF (G3/G4, often multi-page) or PDF pages; units sometimes send a PNG or a
/// JPEG photo of the sheet. The scanner works with external tools, with care, since the bytes come
/// from strangers:
/// - the bytes go into a fresh private folder (mode 0700) under a name of ours, never the sender's,
///   and the folder is removed afterwards;
/// - the content, not the label, picks the reader (`FaxDocumentFormat.sniff`); size and page count
///   are limited before any tool runs; a TIFF's directory chain is checked first
///   (`TIFFPageIndex`) so that a fax cut short is an error, not a shorter fax;
/// - every tool runs without a shell, with a small environment, in that folder, with a deadline
///   (`ToolRunner`); none of them opens the network.
///
/// Sizes are checked before any tool too: a TIFF page (its directory), a PNG's or JPEG's header, a
/// PDF's directly declared image sizes and then `pdfimages -list` (which lists without decoding)
/// — a picture larger than any fax page is refused (`pictureTooLarge`), not decoded. All the scans of
/// one message share a `ScanBudget`: each tool gets what is left of it, and none starts once it is spent.
///
/// Pipeline: TIFF → `tiff2pdf` (G3/G4 data passed through, the page sized by its resolution, so
/// standard-resolution 204×98 pages come out with square pixels) → PDF → `pdfinfo` (page count and
/// sizes) → per page `pdftoppm -r 200 -gray` → `zbarimg --raw` (QR only). When zbar finds nothing
/// on a page, the page is median-filtered (`PortableGrayMap.medianFiltered`) and scanned again.
///
/// zbarimg only ever reads a grey map (`pgm:`) that we or pdftoppm wrote, never a picture as a
/// stranger sent it: its own image decoding is ImageMagick's, with every coder ImageMagick has
/// (issue 10, item 6). A PNG is decoded here (`PNGDecoder`: every colour type, bit depth and
/// Adam7, alpha over white, as grey); a JPEG becomes the image of a one-page PDF of our own
/// (`JPEGPage`) that `pdftoppm` rasterises with poppler's DCT decoder, as it does a PDF fax's
/// JPEG pages. Either is read at its own pixel size — no scaling to `maxPageSide`, which guards
/// against a page's media box; a picture's size is already held to `maxPicturePixels` — and gets
/// the median-filter retry too.
public struct FaxQRScanner: Sendable {
    /// The limits on one attachment.
    public struct Limits: Sendable, Equatable {
        /// Bytes of input.
        public var maxBytes: Int
        /// Pages of a TIFF or PDF.
        public var maxPages: Int
        /// Seconds one tool run may take.
        public var toolTimeout: Int
        /// Pixels on the longer side of a rasterised TIFF or PDF page; a larger page at 200 dpi is
        /// scaled down to it. A PNG or JPEG is read at its own size (`maxPicturePixels` bounds it).
        public var maxPageSide: Int
        /// Seconds all the scans of one message may take together (`ScanBudget`).
        public var messageBudget: Int

        public init(maxBytes: Int = 20 << 20, maxPages: Int = 20, toolTimeout: Int = 30, maxPageSide: Int = 3_400,
                    messageBudget: Int = 60) {
            self.messageBudget = messageBudget
            self.maxBytes = maxBytes
            self.maxPages = maxPages
            self.toolTimeout = toolTimeout
            self.maxPageSide = maxPageSide
        }

        /// The largest picture read: 64 megapixels (a 600-dpi A4 scan is 35, a 48 MP phone photo
        /// 49), at most 30,000 pixels a side. A bomb declares far more (100,000 × 100,000).
        public static let maxPicturePixels = 64_000_000
        public static let maxPictureSide = 30_000

        /// Refuses a declared picture larger than the limits (no overflow: sides are checked first).
        func checkPicture(width: Int, height: Int) throws(FaxScanProblem) {
            guard width >= 0, height >= 0, width <= Self.maxPictureSide, height <= Self.maxPictureSide,
                  width * height <= Self.maxPicturePixels else {
                throw .pictureTooLarge(width: width, height: height, maxPixels: Self.maxPicturePixels)
            }
        }
    }

    /// The tools a scan may run.
    public static let tools = ["zbarimg", "pdftoppm", "pdfinfo", "pdfimages", "tiff2pdf"]
    /// Rasterising resolution, dots per inch.
    static let dpi = 200

    public var limits: Limits
    /// Where the per-scan work folders go.
    public var temporaryDirectory: URL
    let runner: ToolRunner

    /// `searchPath`: the folders tools are looked for in (nil: `PATH`, then /usr/local/bin, /usr/bin, /bin).
    public init(limits: Limits = Limits(), temporaryDirectory: URL = FileManager.default.temporaryDirectory,
                searchPath: [String]? = nil) {
        self.limits = limits
        self.temporaryDirectory = temporaryDirectory
        self.runner = ToolRunner(searchPath: searchPath, timeout: limits.toolTimeout)
    }

    /// The tools of `tools` that are not installed.
    public func missingTools() -> [String] {
        Self.tools.filter { runner.path(of: $0) == nil }
    }

    /// The QR texts of every page of `bytes`, declared as `mediaType`; `budget`: what the scans of
    /// the message may still take (nil: each tool its own deadline only).
    public func scan(_ bytes: [UInt8], mediaType: String, budget: ScanBudget? = nil) throws(FaxScanProblem) -> FaxScan {
        let format = try Self.format(of: bytes, mediaType: mediaType, limits: limits)
        // A small file can declare a huge picture: refused before a decoder allocates it.
        var tiffPages: Int?
        switch format {
        case .tiff:
            let index = try TIFFPageIndex(bytes, maxPages: limits.maxPages)
            for page in index.pages { try limits.checkPicture(width: page.width, height: page.height) }
            tiffPages = index.pages.count
        case .png, .jpeg:
            // No size where the format keeps it: not a picture any decoder should be handed.
            guard let (w, h) = DeclaredPictureSize.picture(bytes, format: format) else {
                throw .malformed("no picture size in the \(format.rawValue.uppercased()) header")
            }
            try limits.checkPicture(width: w, height: h)
        case .pdf:
            let most = DeclaredPictureSize.pdfImages(bytes)
            try limits.checkPicture(width: most.width, height: most.height)
        }
        if let budget, budget.remaining == 0 { throw .budgetSpent(seconds: budget.seconds) }
        // A picture is decoded here before any tool runs: not for nothing when a tool is missing.
        for name in Self.pictureTools(format) where runner.path(of: name) == nil { throw .toolMissing(name) }
        let work = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let job = Job(work: work, budget: budget)
        switch format {
        case .png: return try scanPNG(bytes, job)
        case .jpeg: return try scanJPEG(bytes, job)
        case .tiff: return try scanTIFF(bytes, pages: tiffPages, job)
        case .pdf: return try scanPDFAttachment(bytes, job)
        }
    }

    /// A TIFF as it came, made a PDF by tiff2pdf; `pages`: how many its directory chain has.
    private func scanTIFF(_ bytes: [UInt8], pages: Int?, _ job: Job) throws(FaxScanProblem) -> FaxScan {
        let input = job.work.appendingPathComponent("fax.tif")
        try write(bytes, to: input, job)
        let pdf = job.work.appendingPathComponent("fax.pdf")
        let run = try tool("tiff2pdf", ["-m", "256", "-o", pdf.path, input.path], job)
        guard run.status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw .unreadable(tool: "tiff2pdf", status: run.status, message: Self.firstLines(run.errors))
        }
        return try scanPDF(pdf, format: .tiff, expectedPages: pages, job)
    }

    /// A PDF as it came, its image sizes listed by pdfimages before any page is rendered.
    private func scanPDFAttachment(_ bytes: [UInt8], _ job: Job) throws(FaxScanProblem) -> FaxScan {
        let input = job.work.appendingPathComponent("fax.pdf")
        try write(bytes, to: input, job)
        // Sizes given by reference, or in object streams: pdfimages lists them without decoding.
        let list = try tool("pdfimages", ["-list", "-f", "1", "-l", String(limits.maxPages), input.path], job)
        // What pdfimages could not list in full is not rendered unchecked.
        guard list.status == 0 else {
            throw .unreadable(tool: "pdfimages", status: list.status, message: Self.firstLines(list.errors))
        }
        guard !list.outputCut else { throw .malformed("more images than pdfimages -list may print") }
        for image in DeclaredPictureSize.pdfimagesList(String(decoding: list.output, as: UTF8.self)) {
            try limits.checkPicture(width: image.width, height: image.height)
        }
        return try scanPDF(input, format: .pdf, expectedPages: nil, job)
    }

    /// One scan's work folder and the message's budget, for every tool run of it.
    struct Job {
        var work: URL
        var budget: ScanBudget?
    }

    /// The format to read `bytes` as, or why not; checks the size.
    static func format(of bytes: [UInt8], mediaType: String, limits: Limits) throws(FaxScanProblem) -> FaxDocumentFormat {
        guard let declared = FaxDocumentFormat.declared(by: mediaType) else { throw .unsupportedMediaType(mediaType) }
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes) }
        let found = FaxDocumentFormat.sniff(bytes)
        guard let found, declared == nil || declared == found else { throw .contentMismatch(declared: mediaType, found: found) }
        return found
    }

    /// Every page of the PDF at `pdf`, rasterised and scanned.
    private func scanPDF(_ pdf: URL, format: FaxDocumentFormat, expectedPages: Int?, _ job: Job) throws(FaxScanProblem) -> FaxScan {
        let info = try tool("pdfinfo", ["-f", "1", "-l", String(limits.maxPages), pdf.path], job)
        guard info.status == 0, let report = PDFPageReport(pdfinfo: String(decoding: info.output, as: UTF8.self)) else {
            throw .unreadable(tool: "pdfinfo", status: info.status, message: Self.firstLines(info.errors))
        }
        guard report.pageCount > 0 else { throw .unreadable(tool: "pdfinfo", status: 0, message: "the PDF has no pages") }
        guard report.pageCount <= limits.maxPages else { throw .tooManyPages(count: report.pageCount, limit: limits.maxPages) }
        if let expectedPages, expectedPages != report.pageCount {
            throw .malformed("the TIFF has \(expectedPages) pages, tiff2pdf made \(report.pageCount)")
        }
        var pages: [FaxPageScan] = []
        for number in 1...report.pageCount {
            pages.append(try scanPage(number, of: pdf, size: report.sizes[number], job))
        }
        return FaxScan(format: format, pageCount: report.pageCount, pages: pages)
    }

    /// Page `number`: rasterised grey at 200 dpi (a page too large for that scaled to
    /// `maxPageSide`), scanned, and scanned again median-filtered when nothing was found.
    private func scanPage(_ number: Int, of pdf: URL, size: (width: Double, height: Double)?, _ job: Job) throws(FaxScanProblem) -> FaxPageScan {
        var scale = ["-r", String(Self.dpi)]
        let longest = size.map { max($0.width, $0.height) / 72 * Double(Self.dpi) } ?? .infinity
        if !(longest <= Double(limits.maxPageSide)) { scale = ["-scale-to", String(limits.maxPageSide)] }
        let raster = try render(number, of: pdf, scale, job)
        defer { try? FileManager.default.removeItem(at: raster) }
        return try scanGreyMap(raster, page: number, job) { () throws(FaxScanProblem) in try readGreyMap(raster, of: "page \(number)") }
    }

    /// Page `number` of `pdf` as a grey map (`page.pgm` in the work folder), `pdftoppm` scaled by `scale`.
    func render(_ number: Int, of pdf: URL, _ scale: [String], _ job: Job) throws(FaxScanProblem) -> URL {
        let stem = job.work.appendingPathComponent("page")
        let raster = job.work.appendingPathComponent("page.pgm")
        let run = try tool("pdftoppm", scale + ["-gray", "-f", String(number), "-l", String(number), "-singlefile", pdf.path, stem.path],
                           job)
        guard run.status == 0, FileManager.default.fileExists(atPath: raster.path) else {
            try? FileManager.default.removeItem(at: raster)
            throw .unreadable(tool: "pdftoppm", status: run.status, message: Self.firstLines(run.errors))
        }
        return raster
    }

    /// The grey map pdftoppm wrote at `raster` for `what` (page 2, the picture), read back for the median filter.
    func readGreyMap(_ raster: URL, of what: String) throws(FaxScanProblem) -> PortableGrayMap {
        let rasterBytes: [UInt8]
        do { rasterBytes = [UInt8](try Data(contentsOf: raster)) } catch {
            throw .io("median filter of \(what): \(error)")
        }
        // A raster pdftoppm wrote that does not parse comes from the page, not from us.
        guard let grey = try? PortableGrayMap(pgm: rasterBytes) else {
            throw .malformed("\(what) gave a raster that is not a grey map")
        }
        return grey
    }

    /// The codes of the grey map at `raster`, page `page`; when there are none, of its median
    /// filter (`grey` gives the map to filter) — the one way a page or picture reaches zbarimg.
    func scanGreyMap(_ raster: URL, page: Int, _ job: Job,
                     grey: () throws(FaxScanProblem) -> PortableGrayMap) throws(FaxScanProblem) -> FaxPageScan {
        let found = try codes(inGreyMap: raster, job)
        if !found.isEmpty { return FaxPageScan(number: page, codes: found) }
        let filtered = job.work.appendingPathComponent("page-median.pgm")
        defer { try? FileManager.default.removeItem(at: filtered) }
        try write(try grey().medianFiltered().pgm, to: filtered, job)
        let again = try codes(inGreyMap: filtered, job)
        return FaxPageScan(number: page, codes: again, medianFiltered: !again.isEmpty)
    }

    /// The QR texts zbarimg finds in the PGM at `raster`, its coder named (`pgm:/…`) so that
    /// nothing but ImageMagick's PGM reader is asked to read it.
    ///
    /// zbarimg exits 0 when it found symbols, 4 when it found none, 1 (or else) when it could not
    /// read the picture. QUIRK: zbarimg 0.23.92 also exits 0, printing nothing, when ImageMagick
    /// gave it no picture (a PNG signature over garbage: only empty `WARNING:` lines): exit 0
    /// without a symbol is therefore an unreadable picture. QR only (`-Sdisable -Sqrcode.enable`),
    /// so that noise never reads as a bar code. `--raw` puts each symbol on a line of its own; our
    /// codes have no line breaks.
    private func codes(inGreyMap raster: URL, _ job: Job) throws(FaxScanProblem) -> [String] {
        let run = try tool("zbarimg", ["--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", "pgm:\(raster.path)"], job)
        switch run.status {
        case 0:
            let codes = String(decoding: run.output, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            guard !codes.isEmpty else {
                throw .unreadable(tool: "zbarimg", status: 0, message: "no picture read \(Self.firstLines(run.errors))")
            }
            return codes
        case 4:
            return []
        default:
            throw .unreadable(tool: "zbarimg", status: run.status, message: Self.firstLines(run.errors))
        }
    }

    /// Runs `name` with what is left of the budget, its failures as `FaxScanProblem`s.
    func tool(_ name: String, _ arguments: [String], _ job: Job) throws(FaxScanProblem) -> ToolRunner.Run {
        var timeout = limits.toolTimeout
        if let budget = job.budget {
            let left = budget.remaining
            guard left > 0 else { throw .budgetSpent(seconds: budget.seconds) }
            timeout = min(timeout, left)
        }
        do {
            return try runner.run(name, arguments, in: job.work, label: name, timeout: timeout)
        } catch {
            switch error {
            case .missing(let tool): throw .toolMissing(tool)
            case .timedOut(let tool, let seconds): throw .timedOut(tool: tool, seconds: seconds)
            case .launch(_, let message): throw .io(message)
            }
        }
    }

    /// Writes `bytes` to `file` in the work folder, readable by us alone.
    func write(_ bytes: [UInt8], to file: URL, _ job: Job) throws(FaxScanProblem) {
        guard FileManager.default.createFile(atPath: file.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw .io("cannot write \(file.lastPathComponent) into \(job.work.path)")
        }
    }

    /// A fresh folder only we can enter.
    private func makeWorkFolder() throws(FaxScanProblem) -> URL {
        let work = temporaryDirectory.appendingPathComponent("hotline-fax-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io("cannot make the work folder \(work.path): \(error)")
        }
        return work
    }

    /// The first three lines of a tool's complaint, work-folder paths left as they are.
    static func firstLines(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).prefix(3).joined(separator: " / ")
    }
}
