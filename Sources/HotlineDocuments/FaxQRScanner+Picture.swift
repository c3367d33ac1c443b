import Foundation

/// A PNG or JPEG from a stranger, turned into a grey map of ours before zbarimg sees it (issue 10, item 6).
extension FaxQRScanner {
    /// The tools a picture's scan needs, checked before it is decoded; none for TIFF and PDF,
    /// which reach their tools as they came.
    static func pictureTools(_ format: FaxDocumentFormat) -> [String] {
        switch format {
        case .png: ["zbarimg"]
        case .jpeg: ["pdftoppm", "zbarimg"]
        case .tiff, .pdf: []
        }
    }

    /// A PNG decoded here (`PNGDecoder`, by the header the size check read), written as our PGM, scanned.
    func scanPNG(_ bytes: [UInt8], _ job: Job) throws(FaxScanProblem) -> FaxScan {
        let grey: PortableGrayMap
        do { grey = try PNGDecoder.grey(bytes, maxPixels: Limits.maxPicturePixels) } catch {
            throw .malformed(error.description)
        }
        let raster = job.work.appendingPathComponent("page.pgm")
        defer { try? FileManager.default.removeItem(at: raster) }
        try write(grey.pgm, to: raster, job)
        let page = try scanGreyMap(raster, page: 1, job) { () throws(FaxScanProblem) in grey }
        return FaxScan(format: .png, pageCount: 1, pages: [page])
    }

    /// A JPEG as the image of a one-page PDF of ours (`JPEGPage`), rendered by `pdftoppm` at its
    /// own pixel size, scanned.
    func scanJPEG(_ bytes: [UInt8], _ job: Job) throws(FaxScanProblem) -> FaxScan {
        guard let frame = DeclaredPictureSize.jpegFrame(bytes) else { throw .malformed("no picture size in the JPEG header") }
        let pdf = job.work.appendingPathComponent("picture.pdf")
        try write(try JPEGPage.pdf(bytes, frame: frame), to: pdf, job)
        let raster = try render(1, of: pdf, ["-r", String(JPEGPage.dpi)], job)
        defer { try? FileManager.default.removeItem(at: raster) }
        let page = try scanGreyMap(raster, page: 1, job) { () throws(FaxScanProblem) in try readGreyMap(raster, of: "the picture") }
        return FaxScan(format: .jpeg, pageCount: 1, pages: [page])
    }
}
