import Foundation
import HotlineMail

/// Realistic citizens' mail for benchmarks, made on the fly from a seed: mixed charsets and
/// transfer encodings as Chinese clients write them, one message in five with an attachment.
struct SyntheticMail {
    /// SplitMix64: small, fast, reproducible.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var seed: UInt64 = 2026
    var attachmentShare = 0.2

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡"]
    static let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"]
    static let places = ["蚌山区南山路", "龙子湖区东海大道", "禹会区涂山路", "淮上区淮上大道", "高新区黄山大道", "经开区东海大道",
                         "怀远县城关镇", "五河县城关镇", "固镇县谷阳镇"]
    static let matters: [(subject: String, body: String)] = [
        ("小区噪音扰民问题投诉", "附近工地每天夜里施工到凌晨，噪音很大，严重影响居民休息，多次反映没有结果。"),
        ("小区停水两天无人处理", "我们小区从前天开始停水，物业说是管道维修，但一直没有通知恢复时间，老人孩子生活很困难。"),
        ("咨询公积金提取政策", "请问离职后住房公积金如何办理提取？需要哪些材料？可以在网上办理吗？"),
        ("建议增设公交线路", "建议在大学城和高铁站之间增设一条直达公交线路，方便学生和市民出行。"),
        ("举报违规占道经营", "路口每天晚上有大量摊贩占道经营，油烟污染严重，还影响交通安全。"),
        ("暖气不热请求帮助", "入冬以来家里暖气一直不热，室内温度只有十几度，联系供热公司多次未解决。"),
        ("对窗口工作人员态度的批评", "在政务服务中心办理业务时，窗口工作人员态度恶劣，不一次性告知所需材料。"),
        ("道路破损影响出行", "路面坑洼不平已经好几个月了，下雨天积水严重，电动车经常摔倒。"),
    ]
    static let traditional: [(subject: String, body: String)] = [
        ("諮詢公積金提取", "請問台灣居民離開本市時，住房公積金如何辦理提取？需要哪些材料？"),
        ("建議改善人行道", "建議在學校附近增設人行道和紅綠燈，保障學生安全。"),
    ]

    /// The `i`-th message, always the same bytes for the same seed and index.
    func message(_ i: Int) -> [UInt8] {
        var rng = Generator(state: seed &+ UInt64(i) &* 0x1000_0001)
        let name = Self.surnames.randomElement(using: &rng)! + Self.given.randomElement(using: &rng)!
        let place = Self.places.randomElement(using: &rng)!
        let roll = Double.random(in: 0..<1, using: &rng)
        let charset: String
        let matter: (subject: String, body: String)
        switch roll {
        case ..<0.40: charset = "utf-8"
        case ..<0.65: charset = "gb2312"
        case ..<0.80: charset = "gbk"
        case ..<0.90: charset = "gb18030"
        default: charset = "big5"
        }
        matter = charset == "big5" ? Self.traditional.randomElement(using: &rng)! : Self.matters.randomElement(using: &rng)!
        let phone = "13\(Int.random(in: 100_000_000...999_999_999, using: &rng))"
        let paragraphs = (0..<Int.random(in: 2...8, using: &rng)).map { _ in matter.body }.joined(separator: "\r\n\r\n")
        let text = "市长您好：\r\n\r\n我是住在\(place)的居民\(name)。\(paragraphs)\r\n\r\n联系电话：\(phone)\r\n\(name)\r\n"
        let from = "citizen\(i)@example.com"
        let date = Date(timeIntervalSince1970: 1_795_000_000 + Double(i * 37))
        let id = "\(i).\(seed)@bench.example.com"

        func encoded(_ s: String) -> String {
            let bytes = Charset.encode(s, label: charset) ?? Array(s.utf8)
            return "=?\(charset)?B?\(Data(bytes).base64EncodedString())?="
        }
        let body = Charset.encode(text, label: charset) ?? Array(text.utf8)
        let withAttachment = Double.random(in: 0..<1, using: &rng) < attachmentShare
        var out = """
            Return-Path: <\(from)>\r
            Received: from client.example.com (client.example.com [192.0.2.\(i % 250 + 1)])\r
            \tby mx.hotline.example (Postfix) with ESMTP id B\(i)\r
            \tfor <mayor-mailbox@hotline.example>; \(rfc5322(date))\r
            From: \(encoded(name)) <\(from)>\r
            To: mayor-mailbox@hotline.example\r
            Subject: \(encoded(matter.subject))\r
            Date: \(rfc5322(date))\r
            Message-ID: <\(id)>\r
            MIME-Version: 1.0\r

            """
        let bodyPart: String
        if Double.random(in: 0..<1, using: &rng) < 0.7 || charset == "big5" {
            bodyPart = "Content-Type: text/plain; charset=\"\(charset)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + wrap(Data(body).base64EncodedString())
        } else {
            bodyPart = "Content-Type: text/plain; charset=\"\(charset)\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        }
        var bytes: [UInt8]
        if withAttachment {
            let boundary = "----=_NextPart_\(i)_\(seed)"
            out += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--\(boundary)\r\n" + bodyPart
            bytes = Array(out.utf8)
            if bodyPart.hasSuffix("8bit\r\n\r\n") { bytes += body }
            let size = Int.random(in: 20_000...200_000, using: &rng)
            var blob = [UInt8](repeating: 0, count: size)
            blob.withUnsafeMutableBytes { buf in
                var i = 0
                while i < buf.count {
                    var word = rng.next()
                    for _ in 0..<min(8, buf.count - i) {
                        buf[i] = UInt8(truncatingIfNeeded: word)
                        word >>= 8
                        i += 1
                    }
                }
            }
            let filename = encoded("现场照片\(i % 10).jpg")
            bytes += Array("""
                \r
                --\(boundary)\r
                Content-Type: image/jpeg; name="\(filename)"\r
                Content-Transfer-Encoding: base64\r
                Content-Disposition: attachment; filename="\(filename)"\r
                \r
                \(wrap(Data(blob).base64EncodedString()))--\(boundary)--\r

                """.utf8)
        } else {
            out += bodyPart
            bytes = Array(out.utf8)
            if bodyPart.hasSuffix("8bit\r\n\r\n") { bytes += body }
        }
        return bytes
    }

    /// Base64 text in 76-column CRLF lines.
    func wrap(_ b64: String) -> String {
        let bytes = Array(b64.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 38 + 2)
        var i = 0
        while i < bytes.count {
            let end = min(i + 76, bytes.count)
            out.append(contentsOf: bytes[i..<end])
            out.append(contentsOf: [0x0D, 0x0A])
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    func rfc5322(_ d: Date) -> String {
        MailComposer.rfc5322Date(d, timeZone: Self.beijing)
    }

    static let beijing = TimeZone(secondsFromGMT: 8 * 3600) ?? .current
}
