/// Names under which received files are kept: generated, never taken from the sender.
///
/// A sender's file name may be `../../etc/passwd`, `C:\boot.ini`, `CON`, 300 characters or
/// contain control characters; none of it reaches the file system. Only a short extension of
/// letters and digits survives, so that a clerk's viewer opens the file with the right program.
public enum SafeFileName {
    /// `<sha256>.<ext>`, the extension from the original name when it is plain, else from the type.
    public static func storedName(sha256: String, originalName: String?, contentType: String) -> String {
        "\(sha256).\(fileExtension(originalName: originalName, contentType: contentType))"
    }

    public static func fileExtension(originalName: String?, contentType: String) -> String {
        if let name = originalName {
            let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            if let dot = last.lastIndex(of: "."), dot != last.startIndex {
                let ext = last[last.index(after: dot)...].lowercased()
                if (1...8).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                    return ext
                }
            }
        }
        return typeExtensions[contentType.lowercased()] ?? "bin"
    }

    static let typeExtensions: [String: String] = [
        "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/tiff": "tif", "image/bmp": "bmp",
        "application/pdf": "pdf", "text/plain": "txt", "text/html": "html", "application/msword": "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.ms-excel": "xls", "application/zip": "zip", "audio/mpeg": "mp3", "video/mp4": "mp4",
        "application/vnd.oasis.opendocument.text": "odt", "application/xml": "xml", "text/xml": "xml",
        "message/rfc822": "eml",
    ]
}
