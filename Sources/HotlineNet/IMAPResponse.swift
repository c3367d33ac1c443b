/// The few IMAP4rev1 untagged responses hotline reads (RFC 3501 §7), parsed from the lines
/// libcurl hands back for a custom command. Pure.
enum IMAPResponse {
    /// `* SEARCH 3 5 8` → [3, 5, 8] (RFC 3501 §7.2.5); every SEARCH line of the answer.
    static func searchUIDs(_ lines: [String]) -> [UInt32] {
        var out: [UInt32] = []
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "*", words[1].uppercased() == "SEARCH" else { continue }
            out += words.dropFirst(2).compactMap { UInt32($0) }
        }
        return out
    }

    /// `* STATUS INBOX (MESSAGES 2 UIDNEXT 45 UIDVALIDITY 1700000000)` → the named numbers (§7.2.4).
    static func status(_ lines: [String]) -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for line in lines where line.hasPrefix("* STATUS ") {
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { continue }
            let items = line[line.index(after: open)..<close].split(separator: " ")
            var i = 0
            while i + 1 < items.count {
                if let n = UInt64(items[i + 1]) { out[items[i].uppercased()] = n }
                i += 2
            }
        }
        return out
    }

    /// `* 5 FETCH (UID 54 RFC822.SIZE 451)` → [54: 451] (§7.4.2), from a `UID FETCH … (RFC822.SIZE)`.
    static func sizes(_ lines: [String]) -> [UInt32: Int] {
        var out: [UInt32: Int] = [:]
        for line in lines where line.hasPrefix("* ") && line.contains(" FETCH (") {
            guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { continue }
            let items = line[line.index(after: open)..<close].split(separator: " ")
            var uid: UInt32?
            var size: Int?
            var i = 0
            while i + 1 < items.count {
                switch items[i].uppercased() {
                case "UID": uid = UInt32(items[i + 1])
                case "RFC822.SIZE": size = Int(items[i + 1])
                default: break
                }
                i += 2
            }
            if let uid, let size { out[uid] = size }
        }
        return out
    }

    /// `* CAPABILITY IMAP4rev1 MOVE UIDPLUS …` → the capability names, upper case (§7.2.1).
    static func capabilities(_ lines: [String]) -> Set<String> {
        var out: Set<String> = []
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "*", words[1].uppercased() == "CAPABILITY" else { continue }
            for w in words.dropFirst(2) { out.insert(w.uppercased()) }
        }
        return out
    }

    /// UIDs as a compact sequence set (`1:3,7,9:10`, RFC 3501 §9 sequence-set).
    static func sequenceSet(_ uids: [UInt32]) -> String {
        let sorted = Array(Set(uids)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i]):\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// A mailbox name as an IMAP quoted string (§4.3). Names are ASCII here (configuration checks).
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
