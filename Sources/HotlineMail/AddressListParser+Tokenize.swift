import Foundation

extension AddressListParser {
    /// RFC 5322 §3.2 lexical tokens: quoted strings (quoted-pairs undone), nested comments,
    /// specials, runs of whitespace, and atoms (anything else, 8-bit text included).
    static func tokenize(_ value: String, defects: inout [String]) -> [Token] {
        let chars = Array(value)
        var tokens: [Token] = []
        var i = 0
        var atom = ""
        func flushAtom() {
            if !atom.isEmpty { tokens.append(.atom(atom)); atom = "" }
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\"":
                flushAtom()
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\", i + 1 < chars.count { text.append(chars[i + 1]); i += 2; continue }
                    if d == "\"" { closed = true; i += 1; break }
                    text.append(d)
                    i += 1
                }
                if !closed { defects.append("unterminatedQuotedString") }
                tokens.append(.quoted(text))
            case "(":
                flushAtom()
                var depth = 0
                var text = ""
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\", i + 1 < chars.count { text.append(chars[i + 1]); i += 2; continue }
                    if d == "(" { depth += 1; if depth > 1 { text.append(d) } }
                    else if d == ")" { depth -= 1; if depth == 0 { i += 1; break }; text.append(d) }
                    else { text.append(d) }
                    i += 1
                }
                if depth > 0 { defects.append("unterminatedComment") }
                tokens.append(.comment(text))
            case " ", "\t", "\r", "\n":
                flushAtom()
                if tokens.last != .space { tokens.append(.space) }
                i += 1
            case "<", ">", "@", ",", ";", ":", ".", "[", "]":
                flushAtom()
                if c == "[" {
                    // RFC 5322 §3.4.1 domain-literal: keep it whole.
                    var literal = "["
                    i += 1
                    while i < chars.count, chars[i] != "]" { literal.append(chars[i]); i += 1 }
                    if i < chars.count { literal.append("]"); i += 1 }
                    tokens.append(.atom(literal))
                    continue
                }
                tokens.append(.special(c))
                i += 1
            default:
                if c == "=", let end = encodedWordEnd(chars, from: i) {
                    // An RFC 2047 word may hold specials ("." "," in Q text); keep it one atom.
                    atom += String(chars[i..<end])
                    i = end
                    continue
                }
                atom.append(c)
                i += 1
            }
        }
        flushAtom()
        return tokens
    }

    /// End index of an encoded-word `=?cs?e?text?=` starting at `i`, or nil.
    static func encodedWordEnd(_ chars: [Character], from i: Int) -> Int? {
        guard i + 1 < chars.count, chars[i + 1] == "?" else { return nil }
        var j = i + 2
        var marks = 0
        while j < chars.count, j - i < 512 {
            let c = chars[j]
            if c == " " || c == "\t" { return nil }
            if c == "?" {
                marks += 1
                if marks >= 3, j + 1 < chars.count, chars[j + 1] == "=" { return j + 2 }
            }
            j += 1
        }
        return nil
    }
}
