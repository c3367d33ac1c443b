import Foundation
import HotlineCore

/// The claimant for this process: `host pid start-time`, where the start time (field 22 of
/// `/proc/PID/stat`, in clock ticks since boot) tells a reused pid from the process that took a
/// claim. A holder on this host whose pid no longer runs, or runs with another start time, has
/// stopped; a holder on another host is never judged stopped (its claims wait for their expiry).
public enum LocalProcessClaimant {
    public static func current() -> Claimant {
        let host = hostName()
        let pid = getpid()
        let id = "\(host) \(pid) \(stat(of: pid)?.startTime ?? "0")"
        return Claimant(id: id) { holder in
            let parts = holder.split(separator: " ").map(String.init)
            guard parts.count == 3, parts[0] == host, let other = Int32(parts[1]) else { return false }
            guard let (state, started) = stat(of: other) else { return true }
            // A killed process not yet reaped by its parent is a zombie: stopped all the same.
            return state == "Z" || started != parts[2]
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: " ", with: "_")
    }

    /// The state (field 3) and start time (field 22) of `/proc/PID/stat`; nil when the process
    /// does not exist. The command name (field 2) is in parentheses and may hold spaces, so
    /// fields are counted after its closing one.
    static func stat(of pid: Int32) -> (state: String, startTime: String)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")": field 3 is fields[0], so field 22 is fields[19].
        return fields.count > 19 ? (String(fields[0]), String(fields[19])) : nil
    }
}
