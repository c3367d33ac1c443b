import Foundation

/// Builds raw test messages as a mail client would write them (CRLF, UTF-8 base64 body).
struct TestMail {
    var from = "张三 <zhangsan@example.com>"
    var to = "mayor-mailbox@hotline.example"
    var subject = "小区噪音扰民投诉"
    var date = "Sat, 28 Nov 2026 09:15:00 +0800"
    var messageID: String? = "<m1@example.com>"
    var headers: [String] = []
    var body = "市长您好：附近工地每天夜里施工，噪音扰民。联系电话：13855201234"
    var attachments: [(name: String, header: String, data: [UInt8])] = []

    static func b(_ s: String) -> String { "=?utf-8?B?\(Data(s.utf8).base64EncodedString())?=" }

    var raw: [UInt8] {
        var h = ["Received: from client (client [192.0.2.1]) by mx.hotline.example; \(date)",
                 "From: \(Self.encodeDisplay(from))", "To: \(to)", "Subject: \(Self.b(subject))", "Date: \(date)"]
        if let id = messageID { h.append("Message-ID: \(id)") }
        h += headers
        h.append("MIME-Version: 1.0")
        let text = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Data(body.utf8).base64EncodedString(options: .lineLength76Characters) + "\r\n"
        if attachments.isEmpty {
            return Array((h.joined(separator: "\r\n") + "\r\n" + text).utf8)
        }
        var s = h.joined(separator: "\r\n") + "\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n" + text
        for a in attachments {
            s += "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; \(a.header)\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Data(a.data).base64EncodedString() + "\r\n"
        }
        return Array((s + "--b1--\r\n").utf8)
    }

    /// `张三 <a@b>` → encoded display name; plain addresses untouched.
    static func encodeDisplay(_ s: String) -> String {
        guard let lt = s.firstIndex(of: "<"), s[..<lt].contains(where: { !$0.isASCII }) else { return s }
        return b(String(s[..<lt]).trimmingCharacters(in: .whitespaces)) + " " + s[lt...]
    }
}
