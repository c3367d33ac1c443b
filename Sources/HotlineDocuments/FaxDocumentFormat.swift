/// The kinds of attachment a fax gateway sends that the scanner reads (issue 5, item 6).
///
/// Told two ways: by the declared media type, which decides whether we read the attachment at all,
/// and by its first bytes, which decide which tool reads it — a file is never handed to a reader
/// on the word of its label alone.
public enum FaxDocumentFormat: String, Sendable, Equatable, CaseIterable {
    case tiff, pdf, png, jpeg

    /// The format a media type names (parameters and case ignored), nil for others;
    /// `application/octet-stream` is `.some(nil)`: the content alone decides.
    public static func declared(by mediaType: String) -> FaxDocumentFormat?? {
        let base = mediaType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        switch base.trimmingCharacters(in: .whitespaces).lowercased() {
        case "image/tiff", "image/tif", "image/x-tiff", "image/tiff-fx", "application/tif", "application/tiff":
            return .some(.tiff)
        case "application/pdf", "application/x-pdf":
            return .some(.pdf)
        case "image/png", "image/x-png":
            return .some(.png)
        case "image/jpeg", "image/jpg", "image/pjpeg":
            return .some(.jpeg)
        case "application/octet-stream":
            return .some(nil)
        default:
            return nil
        }
    }

    /// The format the bytes are in, by their signature; nil when none of ours.
    public static func sniff(_ bytes: [UInt8]) -> FaxDocumentFormat? {
        func starts(_ signature: [UInt8]) -> Bool { bytes.count >= signature.count && Array(bytes.prefix(signature.count)) == signature }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        // PDF readers accept the header within the first 1,024 bytes (PDF 32000-1 Annex H.3, note 3).
        let head = Array(bytes.prefix(1024))
        let marker: [UInt8] = Array("%PDF-".utf8)
        if head.count >= marker.count {
            for at in 0...(head.count - marker.count) where head[at] == marker[0] && Array(head[at..<at + marker.count]) == marker {
                return .pdf
            }
        }
        return nil
    }
}
