import Foundation

extension MIMEParameters {
    /// Joins RFC 2231 §3 continuations, decodes §4 `charset'language'%XX` values and RFC 2047 words.
    ///
    /// Plain parameters come first and the first of a name wins, then the RFC 2231 ones, as in
    /// Python's `decode_params` (so `filename=` beats a later `filename*=`).
    static func combine(_ raws: [RawParameter], defects: inout [String]) -> [(name: String, value: String)] {
        var plain: [(name: String, value: String)] = []
        var extendedOrder: [String] = []
        var extended: [String: [(number: Int, value: String, encoded: Bool)]] = [:]
        for raw in raws {
            if let (base, number, encoded) = splitExtendedName(raw.name) {
                if extended[base] == nil { extendedOrder.append(base) }
                extended[base, default: []].append((number ?? -1, raw.value, encoded))
                continue
            }
            var value = raw.value
            if value.contains("=?") {
                let decoded = EncodedWords.decodeReporting(value, wordsMustStartTokens: true)
                if decoded.text != value {
                    value = decoded.text
                    defects.append(raw.quoted ? "encodedWordInQuotedString" : "encodedWordInParameter")
                }
            }
            plain.append((raw.name, value))
        }
        for base in extendedOrder {
            guard let pieces = extended[base] else { continue }
            plain.append((base, joinContinuations(pieces.sorted { $0.number < $1.number }, defects: &defects)))
        }
        return plain
    }

    /// `name*`, `name*N`, `name*N*` → (name, N, encoded); nil for a plain name.
    static func splitExtendedName(_ name: String) -> (String, Int?, Bool)? {
        guard let star = name.firstIndex(of: "*"), star > name.startIndex else { return nil }
        let base = String(name[..<star])
        var rest = name[name.index(after: star)...]
        if rest.isEmpty { return (base, nil, true) }
        var encoded = false
        if rest.hasSuffix("*") { encoded = true; rest = rest.dropLast() }
        guard let number = Int(rest), number >= 0 else { return nil }
        return (base, number, encoded)
    }

    /// Joins sorted segments; percent-decodes the encoded ones and converts from the first's charset.
    static func joinContinuations(_ pieces: [(number: Int, value: String, encoded: Bool)],
                                  defects: inout [String]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        var anyEncoded = false
        for (index, piece) in pieces.enumerated() {
            var text = Substring(piece.value)
            if piece.encoded {
                anyEncoded = true
                if index == 0 {
                    let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = fields[0].isEmpty ? nil : String(fields[0])
                        text = fields[2]
                    }
                }
                bytes += percentDecode(text)
            } else {
                bytes += Array(text.utf8)
            }
        }
        guard anyEncoded else { return String(decoding: bytes, as: UTF8.self) }
        let decoded = Charset.decode(bytes, label: charset)
        if let charset, Charset.decoder(for: charset) == nil { defects.append("unknownCharset") }
        return decoded.text
    }

    /// RFC 2231 §4 `%XX` escapes; a bad escape stays literal.
    static func percentDecode(_ text: Substring) -> [UInt8] {
        let a = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        var i = 0
        while i < a.count {
            if a[i] == UInt8(ascii: "%"), i + 2 < a.count,
               let h = TransferEncoding.hexValue(a[i + 1]), let l = TransferEncoding.hexValue(a[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(a[i])
                i += 1
            }
        }
        return out
    }
}
