import Foundation
import HotlineCore

/// The claimant for this process: `host boot pid-namespace pid start-time` (issue 9, item 2).
///
/// Another process on the same store judges a holder stopped only when it can be sure: the same
/// host, and either a boot since (another boot id), or — in the same pid namespace — no process of
/// that pid (`kill(pid, 0)` answers ESRCH), a zombie, or a process of that pid with another start
/// time (field 22 of `/proc/PID/stat`, in clock ticks since boot: a reused pid). Anything it cannot
/// see (another machine, another pid namespace, a `/proc` it may not read) is never judged stopped:
/// its claims wait for their expiry.
public enum LocalProcessClaimant {
    public static func current() -> Claimant {
        let me = Identity(host: hostName(), boot: bootID(), namespace: pidNamespace(), pid: getpid(),
                          start: stat(of: getpid())?.startTime ?? "?")
        return Claimant(id: me.text) { holder in
            guard let other = Identity(text: holder), other.host == me.host else { return false }
            if other.boot != me.boot { return other.boot != "?" && me.boot != "?" }
            guard other.namespace == me.namespace, other.namespace != "?" else { return false }
            if kill(other.pid, 0) != 0, errno == ESRCH { return true }
            guard let (state, started) = stat(of: other.pid) else { return false }
            // A killed process not yet reaped by its parent is a zombie: stopped all the same.
            return state == "Z" || (other.start != "?" && started != other.start)
        }
    }

    struct Identity: Equatable {
        var host: String
        var boot: String
        var namespace: String
        var pid: Int32
        var start: String

        init(host: String, boot: String, namespace: String, pid: Int32, start: String) {
            (self.host, self.boot, self.namespace, self.pid, self.start) = (host, boot, namespace, pid, start)
        }

        init?(text: String) {
            let parts = text.split(separator: " ").map(String.init)
            guard parts.count == 5, let pid = Int32(parts[3]) else { return nil }
            self.init(host: parts[0], boot: parts[1], namespace: parts[2], pid: pid, start: parts[4])
        }

        var text: String { "\(host) \(boot) \(namespace) \(pid) \(start)" }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: " ", with: "_")
    }

    /// The kernel's id of this boot, shortened; "?" when unreadable.
    static func bootID() -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return "?" }
        let id = String(decoding: data, as: UTF8.self).filter { $0.isHexDigit }
        return id.isEmpty ? "?" : String(id.prefix(12))
    }

    /// The inode of this process's pid namespace (`pid:[4026531836]` → `4026531836`); "?" when unreadable.
    static func pidNamespace() -> String {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return "?" }
        let digits = link.filter(\.isNumber)
        return digits.isEmpty ? "?" : digits
    }

    /// The state (field 3) and start time (field 22) of `/proc/PID/stat`; nil when it cannot be
    /// read. The command name (field 2) is in parentheses and may hold spaces, so fields are
    /// counted after its closing one.
    static func stat(of pid: Int32) -> (state: String, startTime: String)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")": field 3 is fields[0], so field 22 is fields[19].
        return fields.count > 19 ? (String(fields[0]), String(fields[19])) : nil
    }
}
