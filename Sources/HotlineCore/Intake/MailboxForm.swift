/// The labelled fields a mayor's-mailbox web board writes into its notification mail
/// (`姓名：张三`, `联系电话：…`, `内容：…`), and the phone numbers citizens write into free text.
public struct MailboxForm: Sendable, Equatable {
    public var name: String?
    public var phone: String?
    public var address: String?
    public var declaredKind: String?
    public var title: String?
    /// The letter itself when the form has a content field: from its label to the next label.
    public var content: String?
    public var email: String?
    /// `是否公开`: whether the writer agrees to publication (RULES.md §9), as written.
    public var publication: String?
    public var submittedAt: String?

    nonisolated(unsafe) static let labels: [(key: WritableKeyPath<MailboxForm, String?>, names: [String])] = [
        (\.name, ["姓名", "来信人", "联系人", "name"]),
        (\.phone, ["联系电话", "电话", "手机", "手机号码", "联系方式", "phone"]),
        (\.address, ["联系地址", "地址", "住址", "家庭住址", "address"]),
        (\.declaredKind, ["来信类型", "诉求类型", "信件类型", "类型"]),
        (\.title, ["标题", "主题", "来信标题"]),
        (\.content, ["内容", "来信内容", "诉求内容", "正文"]),
        (\.email, ["电子邮箱", "电子邮件", "邮箱", "email", "e-mail"]),
        (\.publication, ["是否公开", "公开"]),
        (\.submittedAt, ["提交时间", "提交日期", "来信时间"]),
    ]

    /// Reads labelled lines; a label is a known name followed by `：` or `:` at the start of a line.
    /// The content field runs to the next labelled line, a rule line (`----`) or the end.
    public static func parse(_ text: String) -> MailboxForm {
        var form = MailboxForm()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard let (key, value) = labelled(line) else { continue }
            if key == \MailboxForm.content, form.content == nil {
                var body = [value]
                while i < lines.count {
                    let next = lines[i]
                    if labelled(next) != nil || isRule(next) { break }
                    body.append(String(lines[i]))
                    i += 1
                }
                form.content = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            } else if form[keyPath: key] == nil, !value.isEmpty {
                form[keyPath: key] = value
            }
        }
        return form
    }

    static func isRule(_ line: Substring) -> Bool {
        let t = line.drop(while: { $0 == " " || $0 == "\t" })
        return t.count >= 4 && t.allSatisfy { "-_=—*\r ".contains($0) }
    }

    private static func labelled(_ rawLine: Substring) -> (WritableKeyPath<MailboxForm, String?>, String)? {
        // A label line has its colon within the first few characters; most lines of a letter do not.
        let line = rawLine.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
        guard let colon = line.prefix(10).firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let label = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard !label.isEmpty else { return nil }
        for (key, names) in labels where names.contains(label) {
            return (key, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The first mainland mobile (`1[3-9]` + 9 digits) or landline (`0552-1234567`) number in a text.
    public static func firstPhoneNumber(in text: String) -> String? {
        let s = Array(CaseNumber.normalizeWidth(text).unicodeScalars)
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while i < s.count {
            guard isDigit(s[i]), i == 0 || !isDigit(s[i - 1]) else { i += 1; continue }
            var j = i
            var digits = ""
            while j < s.count, isDigit(s[j]) || (s[j] == "-" && j + 1 < s.count && isDigit(s[j + 1]) && digits.count <= 4) {
                if s[j] != "-" { digits.unicodeScalars.append(s[j]) }
                j += 1
            }
            let mobile = digits.count == 11 && digits.hasPrefix("1") && "3456789".contains(Array(digits)[1])
            let landline = digits.hasPrefix("0") && (10...12).contains(digits.count)
            if mobile || landline { return String(String.UnicodeScalarView(s[i..<j])) }
            i = j
        }
        return nil
    }
}
