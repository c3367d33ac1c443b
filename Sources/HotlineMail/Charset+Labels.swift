import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Charset {
    /// Labels of the GB family, all read as GB18030 (a superset of each).
    static let gbLabels: Set<String> = [
        "gb2312", "gbk", "cp936", "x-gbk", "x_gbk", "euc-cn", "euc_cn", "euccn", "gb18030", "csgb2312",
        "chinese", "ms936", "936", "x-euc-cn", "gb_2312-80", "gb2312-80", "gb2312_80", "iso-ir-58",
        "gb2312-1980", "eucgb2312-cn", "eucgb2312_cn", "windows-936", "gb-18030", "x-gb2312", "gb_2312",
    ]
    /// Labels of the Big5 family, all read as Big5-HKSCS.
    static let big5Labels: Set<String> = [
        "big5", "big5-hkscs", "big5hkscs", "big5_hkscs", "cn-big5", "x-x-big5", "csbig5", "big5-tw",
        "big5_tw", "cp950", "ms950", "x-big5", "windows-950",
    ]
    static let utf8Labels: Set<String> = [
        "utf-8", "utf8", "unicode-1-1-utf-8", "unicode-2-0-utf-8", "x-unicode20utf8", "utf_8",
        // QUIRK: US-ASCII text often carries 8-bit bytes; read it as UTF-8 (tolerant) instead of failing.
        "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "646", "us", "iso-ir-6", "cp367", "ibm367",
        "csascii", "ansi_x3.4-1986", "iso_646.irv:1991", "default",
    ]
    static let latin1Labels: Set<String> = [
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819",
        "csisolatin1", "iso_8859-1:1987", "8859-1", "iso88591",
    ]
    /// Other common aliases mapped to the glibc iconv name.
    static let aliases: [String: String] = [
        "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "ksc5601": "CP949", "euc-kr": "CP949", "euc_kr": "CP949",
        "korean": "CP949", "cp949": "CP949", "csksc56011987": "CP949", "windows-949": "CP949",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932", "ms_kanji": "CP932",
        "cp932": "CP932", "windows-31j": "CP932", "csshiftjis": "CP932", "ms932": "CP932",
        "euc-jp": "EUC-JP", "euc_jp": "EUC-JP", "x-euc-jp": "EUC-JP", "eucjp": "EUC-JP",
        "iso-2022-jp": "ISO-2022-JP-2", "csiso2022jp": "ISO-2022-JP-2", "iso-2022-jp-2": "ISO-2022-JP-2",
        "iso-2022-kr": "ISO-2022-KR", "iso-2022-cn": "ISO-2022-CN",
        "koi8-r": "KOI8-R", "koi8r": "KOI8-R", "koi8-u": "KOI8-U", "cskoi8r": "KOI8-R",
        "utf-16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE", "utf-32": "UTF-32",
        "utf-32le": "UTF-32LE", "utf-32be": "UTF-32BE", "utf-7": "UTF-7", "unicode-1-1-utf-7": "UTF-7",
        "tis-620": "TIS-620", "windows-874": "CP874", "cp874": "CP874",
        "mac": "MACINTOSH", "macintosh": "MACINTOSH", "x-mac-roman": "MACINTOSH", "ibm437": "CP437", "cp437": "CP437",
        "ibm850": "CP850", "cp850": "CP850", "cp866": "CP866", "ibm866": "CP866", "viscii": "VISCII",
    ]

    /// The decoder for a charset label, or nil when neither this table nor iconv knows it.
    static func decoder(for rawLabel: String) -> Decoder? {
        let label = normalize(rawLabel)
        if label.isEmpty { return nil }
        if utf8Labels.contains(label) { return .utf8 }
        if gbLabels.contains(label) { return .iconv("GB18030") }
        if big5Labels.contains(label) { return .iconv("BIG5-HKSCS") }
        if latin1Labels.contains(label) { return .latin1 }
        if label == "hz-gb-2312" || label == "hz" { return .hz }
        if let name = aliases[label] { return .iconv(name) }
        if let name = isoOrWindowsName(label) { return name == "ISO-8859-1" ? .latin1 : .iconv(name) }
        return iconvKnows(label.uppercased()) ? .iconv(label.uppercased()) : nil
    }

    /// Lower case, quotes and blanks removed, RFC 2231 §5 language suffix ("utf-8*en") dropped.
    static func normalize(_ label: String) -> String {
        var s = label.lowercased().filter { $0 != "\"" && $0 != "'" }.mailTrimmed
        if let star = s.firstIndex(of: "*") { s = String(s[..<star]) }
        return s
    }

    /// `iso-8859-N` / `iso8859_N` / `latinN` / `windows-125N` / `cp125N` spelled for iconv.
    static func isoOrWindowsName(_ label: String) -> String? {
        let compact = label.replacingOccurrences(of: "_", with: "-")
        for prefix in ["iso-8859-", "iso8859-", "iso-8859", "iso8859"] where compact.hasPrefix(prefix) {
            let rest = compact.dropFirst(prefix.count).prefix { $0.isNumber }
            if let n = Int(rest), (1...16).contains(n) { return "ISO-8859-\(n)" }
        }
        for prefix in ["windows-", "cp", "x-cp", "win-", "ms-"] where compact.hasPrefix(prefix) {
            if let n = Int(compact.dropFirst(prefix.count)), (1250...1258).contains(n) { return "CP\(n)" }
        }
        return nil
    }

    /// Whether glibc iconv can decode `name` (names only of the characters iconv accepts).
    static func iconvKnows(_ name: String) -> Bool {
        guard name.count <= 40, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else { return false }
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }
}
